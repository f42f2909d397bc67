// The `yaml` library, loaded the first time something needs it. JSON input, and the YAML kubectl
// writes (which load/yaml-fast.ts reads), compile without it unless a diagnostic needs a
// position; importing it up front was about 35 ms of every run's start-up.
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let lib: Yaml | undefined;

export function yamlLib(): Yaml {
  lib ??= createRequire(import.meta.url)('yaml') as Yaml;
  return lib;
}
