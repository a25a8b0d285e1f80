// Svelte 5 in runes mode everywhere ($state, $props, $derived, $effect).
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
