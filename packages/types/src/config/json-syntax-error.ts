/** Where a JSON text stops being valid, and what was expected there. */
export interface JsonSyntaxProblem {
  /** 0-based offset into the text. */
  offset: number;
  message: string;
}

class SyntaxProblem extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold raw control characters (RFC 8259 §7)
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

/**
 * Finds the first syntax error in a JSON text (RFC 8259) with its offset, so that a config error can name the
 * line and column: Node's own `JSON.parse` message does not always carry a position. Returns undefined for
 * valid JSON.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const scanner = new JsonScanner(text);
  try {
    scanner.skipWhitespace();
    scanner.value(0);
    scanner.skipWhitespace();
    if (scanner.position < text.length)
      throw new SyntaxProblem(scanner.position, 'unexpected text after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxProblem) return { offset: error.offset, message: error.message };
    throw error;
  }
}

class JsonScanner {
  position = 0;
  constructor(private readonly text: string) {}

  skipWhitespace(): void {
    while (WHITESPACE.has(this.text[this.position] ?? '')) this.position += 1;
  }

  private fail(expected: string): never {
    const found = this.text[this.position];
    const what = found === undefined ? 'the end of the file' : JSON.stringify(found);
    throw new SyntaxProblem(this.position, `expected ${expected} but found ${what}`);
  }

  value(depth: number): void {
    if (depth > 512) this.fail('less deeply nested values');
    const char = this.text[this.position];
    if (char === '{') this.container('}', () => this.member(depth));
    else if (char === '[') this.container(']', () => this.value(depth + 1));
    else if (char === '"') this.string();
    else if (!this.word('true') && !this.word('false') && !this.word('null') && !this.match(NUMBER)) {
      this.fail('a value (object, array, string, number, true, false or null)');
    }
  }

  private container(close: string, item: () => void): void {
    this.position += 1;
    this.skipWhitespace();
    if (this.text[this.position] === close) {
      this.position += 1;
      return;
    }
    for (;;) {
      this.skipWhitespace();
      item();
      this.skipWhitespace();
      const next = this.text[this.position];
      if (next === close) break;
      if (next !== ',') this.fail(`"," or "${close}"`);
      this.position += 1;
      this.skipWhitespace();
      if (this.text[this.position] === close)
        this.fail(close === '}' ? 'a property name (no trailing commas)' : 'a value (no trailing commas)');
    }
    this.position += 1;
  }

  private member(depth: number): void {
    if (this.text[this.position] !== '"') this.fail('a property name in double quotes');
    this.string();
    this.skipWhitespace();
    if (this.text[this.position] !== ':') this.fail('":" after the property name');
    this.position += 1;
    this.skipWhitespace();
    this.value(depth + 1);
  }

  private string(): void {
    this.position += 1;
    this.match(STRING_BODY);
    if (this.text[this.position] !== '"') this.fail('a closing quote (or a valid escape)');
    this.position += 1;
  }

  private word(word: string): boolean {
    if (!this.text.startsWith(word, this.position)) return false;
    this.position += word.length;
    return true;
  }

  private match(pattern: RegExp): boolean {
    pattern.lastIndex = this.position;
    const found = pattern.exec(this.text);
    if (found === null || found[0].length === 0) return false;
    this.position += found[0].length;
    return true;
  }
}
