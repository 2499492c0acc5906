/**
 * RouterOS hotspot page templates (HOTSPOT.md 1.3, 1.4): `$(name)` substitution, and
 * `$(if NAME)`, `$(if NAME == VALUE)`, `$(if NAME != VALUE)`, `$(elif ...)`, `$(else)`, `$(endif)`
 * (one branch output, nesting allowed). `$(if http-status == 302)TEXT$(endif)` and
 * `$(if http-header == Name)VALUE$(endif)` are assignments, not conditions: they set the status
 * line and a response header. Values are substituted as they are, never HTML-escaped (as RouterOS).
 */

/** A page as the servlet sends it. */
export interface RenderedPage {
  status: number;
  statusText: string | undefined;
  headers: Record<string, string>;
  body: string;
}

/** A template the engine cannot read (an `$(endif)` without `$(if)`, say). */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(`hotspot template: ${reason} at offset ${offset}`);
  }
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string }
  | { kind: 'if'; branches: Array<{ condition: Condition | undefined; body: Node[] }> }
  | { kind: 'assign'; target: 'http-status' | 'http-header'; key: string; body: Node[] };

interface Condition {
  name: string;
  /** Absent: true when the value is non-empty. */
  compare?: { equal: boolean; value: string };
}

interface Token {
  text?: string;
  directive?: string;
  offset: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of source.matchAll(/\$\(([^)]*)\)/g)) {
    if (match.index > last) tokens.push({ text: source.slice(last, match.index), offset: last });
    tokens.push({ directive: match[1]!.trim(), offset: match.index });
    last = match.index + match[0].length;
  }
  if (last < source.length) tokens.push({ text: source.slice(last), offset: last });
  return tokens;
}

function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

function parseCondition(expression: string, offset: number): Condition {
  const comparison = /^([\w-]+)\s*(==|!=)\s*(.*)$/.exec(expression);
  if (comparison) return { name: comparison[1]!, compare: { equal: comparison[2] === '==', value: unquote(comparison[3]!.trim()) } };
  if (!/^[\w-]+$/.test(expression)) throw new TemplateError(`cannot read condition ${JSON.stringify(expression)}`, offset);
  return { name: expression };
}

/** Parses tokens from `position` until one of `stops` (returned) or the end. */
function parseNodes(tokens: Token[], position: { index: number }, stops: ReadonlySet<string>): { nodes: Node[]; stop?: Token } {
  const nodes: Node[] = [];
  while (position.index < tokens.length) {
    const token = tokens[position.index++]!;
    if (token.text !== undefined) {
      nodes.push({ kind: 'text', text: token.text });
      continue;
    }
    const directive = token.directive!;
    const keyword = directive.split(/\s+/, 1)[0]!;
    if (stops.has(keyword)) return { nodes, stop: token };
    if (keyword === 'elif' || keyword === 'else' || keyword === 'endif') {
      throw new TemplateError(`$(${keyword}) without $(if)`, token.offset);
    }
    if (keyword !== 'if') {
      nodes.push({ kind: 'variable', name: directive });
      continue;
    }
    const condition = parseCondition(directive.slice(2).trim(), token.offset);
    if ((condition.name === 'http-status' || condition.name === 'http-header') && condition.compare?.equal) {
      const { nodes: body, stop } = parseNodes(tokens, position, new Set(['endif']));
      if (!stop) throw new TemplateError('$(if) without $(endif)', token.offset);
      nodes.push({ kind: 'assign', target: condition.name, key: condition.compare.value, body });
      continue;
    }
    const branches: Array<{ condition: Condition | undefined; body: Node[] }> = [];
    let current: Condition | undefined = condition;
    for (;;) {
      const { nodes: body, stop } = parseNodes(tokens, position, new Set(['elif', 'else', 'endif']));
      if (!stop) throw new TemplateError('$(if) without $(endif)', token.offset);
      branches.push({ condition: current, body });
      const stopKeyword = stop.directive!.split(/\s+/, 1)[0];
      if (stopKeyword === 'endif') break;
      current = stopKeyword === 'elif' ? parseCondition(stop.directive!.slice(4).trim(), stop.offset) : undefined;
    }
    nodes.push({ kind: 'if', branches });
  }
  return { nodes };
}

function holds(condition: Condition | undefined, variables: Readonly<Record<string, string>>): boolean {
  if (!condition) return true;
  const value = variables[condition.name] ?? '';
  if (!condition.compare) return value !== '';
  return (value === condition.compare.value) === condition.compare.equal;
}

function evaluate(nodes: Node[], variables: Readonly<Record<string, string>>, page: RenderedPage): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'variable':
        out += variables[node.name] ?? '';
        break;
      case 'if': {
        const branch = node.branches.find((candidate) => holds(candidate.condition, variables));
        if (branch) out += evaluate(branch.body, variables, page);
        break;
      }
      case 'assign': {
        const value = evaluate(node.body, variables, page).trim();
        if (node.target === 'http-header') page.headers[node.key] = value;
        else if (/^[1-9]\d\d$/.test(node.key)) {
          page.status = Number(node.key);
          page.statusText = value;
        }
        break;
      }
    }
  }
  return out;
}

/** Renders a page template with the servlet's variables. Throws `TemplateError` for a template it cannot read. */
export function renderTemplate(source: string, variables: Readonly<Record<string, string>>): RenderedPage {
  const { nodes } = parseNodes(tokenize(source), { index: 0 }, new Set());
  const page: RenderedPage = { status: 200, statusText: undefined, headers: {}, body: '' };
  page.body = evaluate(nodes, variables, page);
  return page;
}
