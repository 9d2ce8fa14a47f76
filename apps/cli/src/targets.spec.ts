import { aNode, anInstance } from '@tinystack/manager-client/test-support';
import { OperationFailedError, UsageError } from './cli.errors.js';
import { pickInstance, pickNode } from './targets.js';

const one = aNode({ id: '11111111-1111-4111-8111-111111111111', name: 'pi-1' });
const two = aNode({ id: '22222222-2222-4222-8222-222222222222', name: 'pi-2' });

describe('pickNode', () => {
  it('finds a node by id or by name', () => {
    expect(pickNode([one, two], 'pi-2')).toBe(two);
    expect(pickNode([one, two], one.id)).toBe(one);
  });

  it('fails naming the nodes there are', () => {
    expect(() => pickNode([one, two], 'pi-9')).toThrow(new OperationFailedError('no node named or with id "pi-9"; the nodes are pi-1, pi-2'));
    expect(() => pickNode([], 'pi-9')).toThrow('no node named or with id "pi-9"; no node is registered');
  });
});

describe('pickInstance', () => {
  const webOnOne = anInstance({ name: 'web', nodeId: one.id, nodeName: 'pi-1' });
  const webOnTwo = anInstance({ name: 'web', nodeId: two.id, nodeName: 'pi-2' });
  const db = anInstance({ name: 'db', nodeId: two.id, nodeName: 'pi-2' });

  it('finds the one instance of that name, or the one on the node given', () => {
    expect(pickInstance([webOnOne, db], 'web', undefined, 'start')).toBe(webOnOne);
    expect(pickInstance([webOnOne, webOnTwo], 'web', two, 'start')).toBe(webOnTwo);
  });

  it('makes two of the same name a usage error listing their nodes', () => {
    const error = (() => {
      try {
        pickInstance([webOnOne, webOnTwo, db], 'web', undefined, 'stop');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect(error).toMatchObject({ message: '2 nodes have an instance named "web" (pi-1, pi-2): say which with --node NODE', verb: 'stop' });
  });

  it('fails when there is none, saying where one is when another node has it', () => {
    expect(() => pickInstance([db], 'web', undefined, 'start')).toThrow(OperationFailedError);
    expect(() => pickInstance([db], 'web', undefined, 'start')).toThrow('no instance named "web" (tinystack instances lists them)');
    expect(() => pickInstance([webOnOne], 'web', two, 'start')).toThrow('node pi-2 has no instance named "web"; pi-1 has one');
  });
});
