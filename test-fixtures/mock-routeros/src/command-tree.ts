/**
 * The RouterOS 7.19 command tree (trimmed from a `/console/inspect` dump by
 * scripts/trim-inspect.ts): routes command words and checks argument names.
 */
import { readFileSync } from 'node:fs';

/** A menu: its children by name. A child that is an array is a command and lists its argument names. */
export interface CommandTreeMenu {
  [name: string]: CommandTreeMenu | string[];
}

/** What a slash path names in the tree. */
export type TreeLookup =
  | { kind: 'menu'; menu: CommandTreeMenu }
  | { kind: 'command'; args: ReadonlySet<string> }
  | { kind: 'unknown'; segment: string };

/** A node of the tree as `/console/inspect` describes it. */
export interface InspectedNode {
  nodeType: 'dir' | 'cmd' | 'arg';
  children: TreeChild[];
}

/** One child of a menu or command, as `/console/inspect request=child` lists it. */
export interface TreeChild {
  name: string;
  nodeType: 'dir' | 'cmd' | 'arg';
}

/** Commands the API adds to every menu that can `print`; the console tree does not list them. */
const API_ONLY_COMMANDS: Record<string, string> = { listen: 'print', getall: 'print' };

export class CommandTree {
  private readonly argSets = new WeakMap<string[], ReadonlySet<string>>();

  constructor(private readonly root: CommandTreeMenu) {}

  /** Resolves path segments (`['ip', 'hotspot', 'user', 'add']`). */
  lookup(segments: readonly string[]): TreeLookup {
    let menu = this.root;
    for (const [index, segment] of segments.entries()) {
      const child = Object.hasOwn(menu, segment) ? menu[segment] : this.apiOnlyCommand(menu, segment);
      if (child === undefined) return { kind: 'unknown', segment };
      if (Array.isArray(child)) {
        // A command must be the last segment: anything after it names nothing.
        if (index !== segments.length - 1) return { kind: 'unknown', segment: segments[index + 1]! };
        return { kind: 'command', args: this.argSet(child) };
      }
      menu = child;
    }
    return { kind: 'menu', menu };
  }

  /**
   * The node at `segments` for `/console/inspect`: a menu, a command, or an argument of a
   * command (`['ip', 'hotspot', 'user', 'add', 'name']`), with its children.
   */
  inspect(segments: readonly string[]): InspectedNode | { kind: 'unknown'; segment: string } {
    const found = this.lookup(segments);
    if (found.kind === 'menu') {
      const children = Object.entries(found.menu).map(([name, child]) => ({
        name,
        nodeType: Array.isArray(child) ? ('cmd' as const) : ('dir' as const),
      }));
      return { nodeType: 'dir', children };
    }
    if (found.kind === 'command') {
      return { nodeType: 'cmd', children: [...found.args].map((name) => ({ name, nodeType: 'arg' as const })) };
    }
    const parent = segments.length > 1 ? this.lookup(segments.slice(0, -1)) : undefined;
    if (parent?.kind === 'command' && parent.args.has(segments.at(-1)!)) return { nodeType: 'arg', children: [] };
    return found;
  }

  private apiOnlyCommand(menu: CommandTreeMenu, segment: string): string[] | undefined {
    const base = Object.hasOwn(API_ONLY_COMMANDS, segment) ? API_ONLY_COMMANDS[segment] : undefined;
    const args = base === undefined ? undefined : menu[base];
    return Array.isArray(args) ? args : undefined;
  }

  private argSet(args: string[]): ReadonlySet<string> {
    let set = this.argSets.get(args);
    if (!set) {
      set = new Set(args);
      this.argSets.set(args, set);
    }
    return set;
  }
}

let loaded: CommandTree | undefined;

/** The committed RouterOS 7.19.6 tree, parsed once on first use. */
export function routerOsCommandTree(): CommandTree {
  if (!loaded) {
    // data/ sits next to both src/ and dist/, so the same relative URL works from source and build.
    const text = readFileSync(new URL('../data/command-tree.json', import.meta.url), 'utf8');
    loaded = new CommandTree(JSON.parse(text) as CommandTreeMenu);
  }
  return loaded;
}
