/** Routes a checked request to the handler of its menu and verb. */
import type { CommandTree } from './command-tree.js';
import { consoleInspect } from './console-inspect.js';
import type { CommandContext, CommandHandler, MenuRules } from './context.js';
import { hotspotMenus } from './menus/hotspot.js';
import { systemMenus } from './menus/system.js';
import { TrapCategory } from './reply.js';
import { fieldsOf, proplistOf, tableCommand } from './table-commands.js';

const NO_RULES: MenuRules = {};

function singletonCommand(context: CommandContext): CommandHandler | undefined {
  const menu = systemMenus[context.request.menu];
  if (!menu) return undefined;
  switch (context.request.verb) {
    case 'print':
    case 'getall':
      return (ctx) => {
        ctx.reply.row(menu.read(ctx), proplistOf(ctx));
        ctx.reply.done();
      };
    case 'get':
      return (ctx) => {
        const value = menu.read(ctx)[ctx.request.attributes.get('value-name') ?? ''];
        ctx.reply.done(value === undefined ? {} : { ret: value });
      };
    case 'set':
      if (!menu.write) return undefined;
      return (ctx) => {
        menu.write!(ctx, fieldsOf(ctx));
        ctx.reply.done();
      };
    default:
      return undefined;
  }
}

/** Runs a request whose path and arguments the tree accepted. */
export function dispatch(context: CommandContext, tree: CommandTree): void {
  const { request } = context;
  // A singleton menu answers only its own commands: its other verbs are no table commands either.
  const handler =
    request.command === '/console/inspect'
      ? (ctx: CommandContext) => consoleInspect(ctx, tree)
      : systemMenus[request.menu]
        ? singletonCommand(context)
        : tableCommand(request.verb, context.state.table(request.menu), hotspotMenus[request.menu] ?? NO_RULES);
  if (!handler) {
    return context.reply.fail(`mock-routeros does not implement ${request.command}`, TrapCategory.general);
  }
  handler(context);
}
