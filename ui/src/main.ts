// Entry point: mounts the app into #app (index.html has no inline script; the CSP forbids it).
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
