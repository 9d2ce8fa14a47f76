import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CREATE_INSTANCE_EXAMPLES, CreateInstanceDto, INSTANCE_ACTION_EXAMPLES, InstanceActionDto } from './instance-requests.dto.js';
import { isJoinToken, JOIN_TOKEN_EXAMPLE, JoinOfferDto } from './join.dto.js';
import { CreateClusterInstanceDto } from './manager/cluster-instance.dto.js';
import { REGISTER_NODE_EXAMPLES, RegisterNodeDto } from './manager/register-node.dto.js';

/** As the servers' validation pipe checks a body: unknown properties are refused too. */
async function problems<T extends object>(type: new () => T, body: object): Promise<string[]> {
  const errors = await validate(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true });
  return errors.flatMap((error) => Object.values(error.constraints ?? {}));
}

/** The documents' request examples: Swagger UI sends them as they stand, so each must pass validation. */
describe('request examples', () => {
  it.each(Object.entries(CREATE_INSTANCE_EXAMPLES))('create "%s" is valid for a node and for the manager', async (_key, example) => {
    expect(await problems(CreateInstanceDto, example.value)).toEqual([]);
    expect(await problems(CreateClusterInstanceDto, example.value)).toEqual([]);
  });

  it('lets the manager place the first create example: it names no node', () => {
    expect(Object.values(CREATE_INSTANCE_EXAMPLES)[0]?.value).toEqual({ name: 'web1' });
  });

  it.each(Object.entries(INSTANCE_ACTION_EXAMPLES))('action "%s" is valid', async (_key, example) => {
    expect(await problems(InstanceActionDto, example.value)).toEqual([]);
  });

  it.each(Object.entries(REGISTER_NODE_EXAMPLES))('registration "%s" is valid (its url and token are the reader\'s)', async (_key, example) => {
    expect(await problems(RegisterNodeDto, example.value)).toEqual([]);
  });

  it('join offer, as Swagger UI pre-fills it from the property examples, is valid', async () => {
    expect(isJoinToken(JOIN_TOKEN_EXAMPLE)).toBe(true);
    expect(await problems(JoinOfferDto, { managerUrl: 'http://10.0.0.2:8080', joinToken: JOIN_TOKEN_EXAMPLE })).toEqual([]);
  });
});
