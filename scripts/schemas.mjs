// npm run schemas: writes src/check/schemas/validators.generated.ts from the built schemas.
import { writeFileSync } from 'node:fs';
import { validatorModule } from '../dist/check/schemas/generate.js';

writeFileSync(new URL('../src/check/schemas/validators.generated.ts', import.meta.url), validatorModule());
