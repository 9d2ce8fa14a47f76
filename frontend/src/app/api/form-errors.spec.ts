import { ApiError } from './api-error';
import { formErrorsOf } from './form-errors';

const FIELDS = ['name', 'template', 'nodeId'] as const;

describe('formErrorsOf', () => {
  it('places each validation detail beside the field it starts with, and the rest on the form', () => {
    const error = new ApiError(400, 'joined', [
      'name must be a string',
      'nodeId must be a node id (a UUID), got "x"',
      'property tmpl should not exist',
      'name must be short',
    ]);
    expect(formErrorsOf(error, FIELDS)).toEqual({
      fields: { name: 'name must be a string name must be short', nodeId: 'nodeId must be a node id (a UUID), got "x"' },
      form: 'property tmpl should not exist',
    });
  });

  it("reads a node's own validation message past its 'Node \"…\":' prefix", () => {
    const error = new ApiError(400, 'Node "pi-1": template must be one of: busybox');
    expect(formErrorsOf(error, FIELDS).fields).toEqual({ template: 'Node "pi-1": template must be one of: busybox' });
  });

  it('lets the caller route messages that name no field, by status', () => {
    const error = new ApiError(409, 'Node "pi-1": An instance named "twin" already exists');
    expect(formErrorsOf(error, FIELDS, (_message, status) => (status === 409 ? 'name' : null))).toEqual({
      fields: { name: 'Node "pi-1": An instance named "twin" already exists' },
      form: null,
    });
  });

  it('does not mistake a word that merely starts like a field for that field', () => {
    expect(formErrorsOf(new ApiError(400, 'names are required'), FIELDS)).toEqual({ fields: {}, form: 'names are required' });
  });

  it('puts a failure that is not an API answer on the form', () => {
    expect(formErrorsOf(new TypeError('Failed to fetch'), FIELDS)).toEqual({
      fields: {},
      form: 'The manager could not be reached (Failed to fetch)',
    });
  });
});
