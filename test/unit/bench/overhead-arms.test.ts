import { describe, expect, it } from 'vitest';
import { chosenArms } from '../../../bench/overhead/arms.js';

describe('chosenArms', () => {
  it('defaults to the arms each mode can measure', () => {
    expect(chosenArms(undefined, 'alternating')).not.toContain('web-vitals');
    expect(chosenArms(undefined, 'alternating')).toEqual(['perfwarden', 'perfwarden+detector']);
    expect(chosenArms(undefined, 'concurrent')).toContain('bare');
    expect(chosenArms(undefined, 'concurrent')).toContain('web-vitals');
  });

  it('takes a list, and refuses names it does not know', () => {
    expect(chosenArms('perfwarden, raf+task', 'alternating')).toEqual(['perfwarden', 'raf+task']);
    expect(() => chosenArms('perfwarden,statsjs', 'alternating')).toThrow(/unknown arm statsjs/);
  });

  it('needs bare in the concurrent mode', () => {
    expect(() => chosenArms('perfwarden', 'concurrent')).toThrow(/must include bare/);
  });

  it('refuses arms that cannot be turned off within a page, saying why', () => {
    expect(() => chosenArms('perfwarden,web-vitals', 'alternating')).toThrow(
      /web-vitals cannot be measured within one page \(its collectors cannot be unsubscribed\): use MODE=concurrent/,
    );
    expect(chosenArms('perfwarden+detector', 'alternating')).toEqual(['perfwarden+detector']);
    expect(() => chosenArms('bare,perfwarden', 'alternating')).toThrow(/bare cannot/);
  });
});
