// Building blocks for the hand-written JSON Schemas. They are narrow on purpose: they pin down
// the type of every field kube-rulec reads and let everything else through, because real
// `kubectl get -o yaml` output carries many fields we never look at.
export type Schema = Record<string, unknown>;

export const str: Schema = { type: 'string' };
export const bool: Schema = { type: 'boolean' };
export const int: Schema = { type: 'integer' };
export const nullable = (s: Schema): Schema => ({ anyOf: [s, { type: 'null' }] });
export const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
export const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
export const oneOfStrings = (...values: string[]): Schema => ({ type: 'string', enum: values });
export const protocol: Schema = oneOfStrings('TCP', 'UDP', 'SCTP');
export const intOrString: Schema = { type: ['integer', 'string'] };

export function obj(properties: Record<string, Schema>, required: string[] = []): Schema {
  const s: Schema = { type: 'object', properties };
  if (required.length > 0) s.required = required;
  return s;
}

export const objectMeta = (namespaced: boolean): Schema =>
  obj(
    {
      name: str,
      namespace: namespaced ? str : {},
      labels: nullable(stringMap),
      annotations: nullable(stringMap),
    },
    ['name'],
  );

export const labelSelector: Schema = obj({
  matchLabels: nullable(stringMap),
  matchExpressions: nullable(
    arrayOf(
      obj(
        {
          key: str,
          operator: oneOfStrings('In', 'NotIn', 'Exists', 'DoesNotExist'),
          values: nullable(arrayOf(str)),
        },
        ['key', 'operator'],
      ),
    ),
  ),
});

export function kubeObject(namespaced: boolean, rest: Record<string, Schema>, required: string[] = []): Schema {
  return obj({ apiVersion: str, kind: str, metadata: objectMeta(namespaced), ...rest }, ['metadata', ...required]);
}
