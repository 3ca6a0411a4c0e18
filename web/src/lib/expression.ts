/**
 * As-you-type check of expression fields, by the server's allow list (manim_nodes/expressions.py,
 * generated into ../generated/rules.ts): numbers, the port's variables, + - * / ** % and unary
 * minus, calls of the allowed functions (one argument, two for min and max) and the named constants.
 * The server stays the judge; this only gives fast hints.
 */
import {
  DEFAULT_VARIABLE,
  EXPRESSION_CONSTANTS,
  EXPRESSION_FUNCTIONS,
  EXPRESSION_MAX_CONSTANT,
  EXPRESSION_MAX_LENGTH,
  EXPRESSION_TWO_ARGUMENTS,
} from '../generated/rules';

/** The names a port's `variable` stands for, one letter each: `uv` is u and v. */
export function variableNames(variable: string): ReadonlySet<string> {
  return new Set(variable.split(''));
}

export type ExprCheck = { ok: true } | { ok: false; message: string; at: number };

type Tok = { t: 'num' | 'name' | 'op' | '(' | ')' | ',' | 'end'; v: string; at: number };

function tokenize(src: string): Tok[] | ExprCheck {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) { toks.push({ t: 'num', v: num[0], at: i }); i += num[0].length; continue; }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) { toks.push({ t: 'name', v: name[0], at: i }); i += name[0].length; continue; }
    if (src.startsWith('**', i)) { toks.push({ t: 'op', v: '**', at: i }); i += 2; continue; }
    if ('+-*/%'.includes(c)) { toks.push({ t: 'op', v: c, at: i }); i++; continue; }
    if (c === '(' || c === ')' || c === ',') { toks.push({ t: c, v: c, at: i }); i++; continue; }
    if (c === '^') return { ok: false, message: 'use ** for powers', at: i };
    return { ok: false, message: `"${c}" is not allowed`, at: i };
  }
  toks.push({ t: 'end', v: '', at: src.length });
  return toks;
}

class Fail extends Error {
  constructor(message: string, public at: number) { super(message); }
}

/** Check `src` for a port whose `variable` is `x`, `t`, `uv` or `xy` (from the catalog). */
export function checkExpression(src: string, variable: string = DEFAULT_VARIABLE): ExprCheck {
  if (!src.trim()) return { ok: false, message: 'empty expression', at: 0 };
  if (src.length > EXPRESSION_MAX_LENGTH) {
    return { ok: false, message: `longer than ${EXPRESSION_MAX_LENGTH} characters`, at: EXPRESSION_MAX_LENGTH };
  }
  const variables = variableNames(variable);
  const toks = tokenize(src);
  if (!Array.isArray(toks)) return toks;
  let p = 0;
  const peek = () => toks[p];
  const take = () => toks[p++];
  const expect = (t: Tok['t'], what: string) => {
    const k = take();
    if (k.t !== t) throw new Fail(k.t === 'end' ? `missing ${what}` : `expected ${what}`, k.at);
  };

  function expr(): void {
    term();
    while (peek().t === 'op' && (peek().v === '+' || peek().v === '-')) { take(); term(); }
  }
  function term(): void {
    unary();
    while (peek().t === 'op' && ['*', '/', '%'].includes(peek().v)) { take(); unary(); }
  }
  function unary(): void {
    if (peek().t === 'op' && (peek().v === '-' || peek().v === '+')) { take(); unary(); return; }
    power();
  }
  function power(): void {
    atom();
    if (peek().t === 'op' && peek().v === '**') { take(); unary(); }
  }
  function atom(): void {
    const k = take();
    if (k.t === 'num') {
      if (Number(k.v) > EXPRESSION_MAX_CONSTANT) throw new Fail(`${k.v} is too large; numbers are at most ${EXPRESSION_MAX_CONSTANT}`, k.at);
      return;
    }
    if (k.t === '(') { expr(); expect(')', '")"'); return; }
    if (k.t === 'name') {
      if (peek().t === '(') {
        if (!EXPRESSION_FUNCTIONS.has(k.v)) throw new Fail(`unknown function "${k.v}"`, k.at);
        take();
        expr();
        if (EXPRESSION_TWO_ARGUMENTS.has(k.v)) {
          if (peek().t !== ',') throw new Fail(`${k.v}() takes exactly two arguments`, peek().at);
          take();
          expr();
        }
        if (peek().t === ',') throw new Fail(`${k.v}() takes exactly ${EXPRESSION_TWO_ARGUMENTS.has(k.v) ? 'two arguments' : 'one argument'}`, peek().at);
        expect(')', '")"');
        return;
      }
      if (variables.has(k.v) || EXPRESSION_CONSTANTS.has(k.v)) return;
      if (EXPRESSION_FUNCTIONS.has(k.v)) throw new Fail(`call it: ${k.v}(...)`, k.at);
      throw new Fail(`unknown name "${k.v}"; use ${[...variables].join(' or ')}`, k.at);
    }
    if (k.t === 'end') throw new Fail('expression ends too early', k.at);
    throw new Fail(`unexpected "${k.v}"`, k.at);
  }

  try {
    expr();
    const k = peek();
    if (k.t !== 'end') throw new Fail(`unexpected "${k.v}"`, k.at);
    return { ok: true };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, message: e.message, at: e.at };
    throw e;
  }
}
