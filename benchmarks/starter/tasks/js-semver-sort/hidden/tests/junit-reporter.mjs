// Writes the run as JUnit XML for the grader (node 18 has no junit reporter of its own). It runs in the test
// runner's process, not in the test files' processes, and counts what the runner's own summary claims.
const xml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export default async function* junit(source) {
  const cases = [];
  let claimed = '';
  for await (const event of source) {
    if (event.type === 'test:pass' || event.type === 'test:fail') {
      const { name, details, skip, todo } = event.data;
      if (details?.type === 'suite') continue;
      const failure = event.type === 'test:fail' ? `<failure message="${xml(details?.error?.message ?? 'failed')}"/>`
        : skip !== undefined || todo !== undefined ? '<skipped/>' : '';
      cases.push(`  <testcase classname="node" name="${xml(name)}"${failure ? `>${failure}</testcase>` : '/>'}\n`);
    } else if (event.type === 'test:diagnostic') {
      const summary = /^tests (\d+)$/.exec(event.data.message);
      if (summary) claimed = ` tests="${summary[1]}"`;
    }
  }
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="node"${claimed}>\n${cases.join('')}</testsuite>\n`;
}
