import type { Answer, Question } from 'dns-packet';

export interface MdnsQuery {
  id: number;
  questions: Question[];
}

export interface MdnsPeer {
  address: string;
  port: number;
}

export interface MdnsResponse {
  id?: number;
  questions?: Question[];
  answers: Answer[];
  additionals?: Answer[];
}

/**
 * Port for the node's multicast DNS socket (UDP 5353, group 224.0.0.251):
 * announcements out, queries in. Only queries whose raw bytes name one of
 * `concerns` reach the listener: a classroom's phones and printers talk mDNS
 * all day, and this node parses none of their packets.
 */
export abstract class MdnsTransport {
  /** Binds the socket; rejects with the reason when it cannot (another program holds the port without sharing it). */
  abstract open(concerns: readonly string[], onQuery: (query: MdnsQuery, from: MdnsPeer) => void): Promise<void>;
  /** Joins the mDNS group on each of these interface addresses (again after an interface appears). */
  abstract joinGroup(interfaceAddresses: readonly string[]): void;
  /** Sends to the mDNS group out of one interface, or straight back to a peer (a one-shot query from another port). */
  abstract send(response: MdnsResponse, to: { interfaceAddress: string } | { peer: MdnsPeer }): Promise<void>;
  abstract close(): Promise<void>;
}
