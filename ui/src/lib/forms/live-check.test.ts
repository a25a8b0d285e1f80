// LiveCheck.save: the sequence every record form uses to save.

import { describe, expect, it, vi } from 'vitest';
import { LiveCheck, NOT_SAVED_YET } from './live-check.svelte';

type Draft = { name: string };

describe('saving through LiveCheck', () => {
  it('writes only when the check passes and nothing required is missing', async () => {
    const check = new LiveCheck<Draft>(async () => []);
    const write = vi.fn(async () => {});
    expect(await check.save({ name: '' }, ['name'], write, { missing: { name: 'is required' } })).toBe(false);
    expect(write).not.toHaveBeenCalled();
    expect(check.errors).toEqual({ name: 'is required' });
    expect(check.shown('name')).toBe('is required');
    expect(check.formError).toBe(NOT_SAVED_YET);

    expect(await check.save({ name: 'Ana' }, ['name'], write)).toBe(true);
    expect(write).toHaveBeenCalledTimes(1);
    expect(check.formError).toBeNull();
    expect(check.saving).toBe(false);
  });

  it('does not write when the backend check finds a problem', async () => {
    const check = new LiveCheck<Draft>(async () => [{ code: 'invalid', field: 'name', message: 'is too long' }]);
    const write = vi.fn(async () => {});
    expect(await check.save({ name: 'x'.repeat(300) }, ['name'], write)).toBe(false);
    expect(write).not.toHaveBeenCalled();
    expect(check.shown('name')).toBe('is too long');
  });

  it('shows a failed save beside its field and ends the saving state', async () => {
    const check = new LiveCheck<Draft>(async () => []);
    const result = check.save({ name: 'Ana' }, ['name'], async () => {
      expect(check.saving).toBe(true);
      throw { code: 'conflict', field: 'name', message: 'is already taken' };
    });
    expect(await result).toBe(false);
    expect(check.saving).toBe(false);
    expect(check.shown('name')).toBe('is already taken');
    expect(check.formError).toBe('Not saved: name is already taken.');
  });

  it('marks the form dirty on input and clears that with the form', () => {
    const check = new LiveCheck<Draft>(async () => []);
    const input = document.createElement('input');
    input.name = 'name';
    const event = new Event('input');
    Object.defineProperty(event, 'target', { value: input });
    check.oninput(event);
    expect(check.dirty).toBe(true);
    expect(check.touched).toEqual({ name: true });
    check.clear();
    expect(check.dirty).toBe(false);
  });
});
