/**
 * Where the service may open a router connection. A tenant chooses its router's host, so without a
 * check it could make the service connect anywhere: link-local addresses (169.254.0.0/16,
 * fe80::/10), cloud metadata endpoints and unspecified addresses are always refused, and so are the
 * networks the operator lists in ROUTER_DENY_NETWORKS. Names are resolved first and every address
 * they resolve to is checked; the connection then goes to the checked address, never to a second lookup.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** A network in CIDR form, e.g. `10.0.0.0/8` or `fd00::/8`. */
export interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Refused whatever the configuration: never a router, and reaching them from a server leaks or hurts. */
const ALWAYS_DENIED = [
  '169.254.0.0/16', // IPv4 link-local, including the 169.254.169.254 metadata service of most clouds
  'fe80::/10', // IPv6 link-local
  'fd00:ec2::254/128', // AWS metadata over IPv6
  '100.100.100.200/32', // Alibaba Cloud metadata
  '0.0.0.0/8', // "this host": connecting to it reaches the server itself, past any loopback rule
  '::/128',
];

/** Parses `a.b.c.d/n` or `x::y/n`. @returns undefined when it is not a valid CIDR network. */
export function parseNetwork(text: string): Network | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const kind = isIP(match[1]!);
  const prefix = Number(match[2]);
  if (kind === 0 || prefix > (kind === 4 ? 32 : 128)) return undefined;
  return { address: match[1]!, prefix, family: kind === 4 ? 'ipv4' : 'ipv6' };
}

/** The router's host is, or resolves to, an address the service must not connect to. */
export class RouterDestinationDeniedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`router host ${host} resolves to ${address}, a denied address`);
    this.name = 'RouterDestinationDeniedError';
  }
}

/** Resolves a host name to the addresses to check; tests replace it. */
export type Resolve = (host: string) => Promise<string[]>;

const systemResolve: Resolve = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export class RouterDestinations {
  private readonly denied = new BlockList();

  /** @param denyNetworks the operator's extra networks (ROUTER_DENY_NETWORKS). */
  constructor(
    denyNetworks: readonly Network[] = [],
    private readonly resolve: Resolve = systemResolve,
  ) {
    for (const network of [...ALWAYS_DENIED.map((n) => parseNetwork(n)!), ...denyNetworks]) {
      this.denied.addSubnet(network.address, network.prefix, network.family);
    }
  }

  /**
   * The address to connect to for `host`: the host itself when it is an IP address, else the first
   * address it resolves to.
   * @throws RouterDestinationDeniedError when it, or any address the name resolves to, is denied.
   */
  async addressOf(host: string): Promise<string> {
    const addresses = isIP(host) === 0 ? await this.resolve(host) : [host];
    for (const address of addresses) {
      if (this.isDenied(address)) throw new RouterDestinationDeniedError(host, address);
    }
    return addresses[0]!;
  }

  /** BlockList also matches an IPv4-mapped IPv6 address (::ffff:169.254.169.254) against the IPv4 rules. */
  private isDenied(address: string): boolean {
    return this.denied.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
  }
}
