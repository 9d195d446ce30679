import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, describe, it } from 'vitest';
import local from '../../lint/plugin.js';

RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser as never, sourceType: 'module' } });
const project = resolve(import.meta.dirname, '../..');
const at = (path: string) => join(project, path);

describe('local/layers', () => {
  tester.run('layers', local.rules.layers, {
    valid: [
      // Downward and sideways imports, and src-shared from anywhere.
      { filename: at('src-main/gateway/x.ts'), code: "import { callUpstream } from '../upstream/upstream-call.js';" },
      { filename: at('src-main/routing/x.ts'), code: "import type { KeyEntry } from './route-table.js';" },
      { filename: at('src-main/providers/openai/x.ts'), code: "import type { ChatRequest } from '../../conversion/chat-request.js';" },
      { filename: at('src-main/conversion/x.ts'), code: "import type { TokenUsage } from '../../src-shared/usage.js';" },
      { filename: at('src-main/serve.ts'), code: "import { startSwitchyard } from './service/start-switchyard.js';" },
      { filename: at('src-main/app/x.ts'), code: "import { app } from 'electron';" },
      // Tests reach into any layer and may stand in a fake electron.
      { filename: at('test/src-main/x.test.ts'), code: "import { app } from 'electron'; import { startSwitchyard } from '../../src-main/service/start-switchyard.js';" },
    ],
    invalid: [
      {
        filename: at('src-main/providers/openai/x.ts'),
        code: "import { buildGateway } from '../../gateway/build-gateway.js';",
        errors: [{ message: /^\[layers\] providers\/ must not import gateway\/, which sits above it; it may import conversion\/ and src-shared\// }],
      },
      {
        filename: at('src-main/usage/x.ts'),
        code: "export { startSwitchyard } from '../service/start-switchyard.js';",
        errors: [{ message: /^\[layers\] usage\/ must not import service\// }],
      },
      {
        filename: at('src-main/routing/x.ts'),
        code: "const gateway = () => import('../gateway/build-gateway.js');",
        errors: [{ message: /^\[layers\] routing\/ must not import gateway\// }],
      },
      {
        filename: at('src-main/conversion/x.ts'),
        code: "import type { ProviderAdapter } from '../providers/provider-adapter.js';",
        errors: [{ message: /^\[layers\] conversion\/ must not import providers\/, which sits above it; it may import no other folder/ }],
      },
      {
        filename: at('src-shared/x.ts'),
        code: "import type { RouteTable } from '../src-main/routing/route-table.js';",
        errors: [{ message: /^\[layers\] src-shared\/ runs everywhere/ }],
      },
      {
        filename: at('src-main/gateway/x.ts'),
        code: "import { BrowserWindow } from 'electron';",
        errors: [{ message: /^\[layers\] gateway\/ must not import electron/ }],
      },
      {
        filename: at('src-main/serve.ts'),
        code: "import { app } from 'electron';",
        errors: [{ message: /must not import electron/ }],
      },
      {
        filename: at('src-main/gateway/x.ts'),
        code: "import { thing } from '../../test/support/mock-openai-upstream.js';",
        errors: [{ message: /^\[layers\] gateway\/ must not import test/ }],
      },
    ],
  });
});

describe('local/no-import-cycle', () => {
  // A scratch tree on disk: the rule follows imports through files it is not linting.
  const scratch = mkdtempSync(join(tmpdir(), 'switchyard-lint-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  mkdirSync(join(scratch, 'a'));
  writeFileSync(join(scratch, 'a', 'one.ts'), "import { two } from './two.js';\nexport const one = two;\n");
  writeFileSync(join(scratch, 'a', 'two.ts'), "import type { Three } from '../three.js';\nexport const two = 2 as Three;\n");
  writeFileSync(join(scratch, 'three.ts'), "import { one } from './a/one.js';\nexport type Three = typeof one;\n");
  writeFileSync(join(scratch, 'alone.ts'), "import { two } from './a/two.js';\nexport const alone = two;\n");

  tester.run('no-import-cycle', local.rules['no-import-cycle'], {
    valid: [{ filename: join(scratch, 'alone.ts'), code: "import { two } from './a/two.js';" }],
    invalid: [
      {
        // Type-only links count: one → two → three → one.
        filename: join(scratch, 'a', 'one.ts'),
        code: "import { two } from './two.js';",
        errors: [{ message: /^\[no-import-cycle\] this import closes a cycle: .*a\/one\.ts → .*a\/two\.ts → .*three\.ts → .*a\/one\.ts/ }],
      },
    ],
  });
});
