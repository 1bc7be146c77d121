import { describe, expect, it } from 'vitest';
import { withNodeOptions } from '../../scripts/bench/node-options.ts';

describe('the classifier run step with extra Node options (bench --cpu-prof)', () => {
  it('adds Node options after `exec "$node"`, quoted for the shell', () => {
    expect(withNodeOptions('exec "$node" "$app/main.js"', ['--cpu-prof', "--x=it's"])).toBe(
      `exec "$node" '--cpu-prof' '--x=it'\\''s' "$app/main.js"`,
    );
    expect(withNodeOptions('exec "$node" "$app/main.js"', [])).toBe('exec "$node" "$app/main.js"');
    expect(() => withNodeOptions('node main.js', ['--cpu-prof'])).toThrow(/cannot add/);
  });
});
