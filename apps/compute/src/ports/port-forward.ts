import type { PortProtocol } from '@tinystack/contracts';

/** One forward of a board port to a port of an instance, as ports.json keeps it. */
export interface PortForward {
  instance: string;
  hostPort: number;
  containerPort: number;
  protocol: PortProtocol;
}

/** A forward with the instance's current IPv4 address: what the rules are made of. */
export interface ActiveForward extends PortForward {
  address: string;
}
