// Make the planned calls through the official JS SDK against a loopback HTTP server that writes
// what it received as a HAR 1.2 file.
//
//   node send.js SDK_DIR PLAN.json OUT.har OUTCOMES.json
//
// SDK_DIR is the installed npm package purecloud-platform-client-v2; PLAN.json is a list of
// {api_class, name, arguments} (tests/sdk_oracle/js_plan.py). The SDK is pointed at the server
// with its own gateway setting and given a fake token. Calls are made one after another, so each
// entry the server records belongs to the call being awaited; OUTCOMES.json says, per call,
// which HAR entry it produced (null: none) and the error the SDK raised, if any. The server
// answers every request 200 with an empty JSON object.
'use strict';

const fs = require('fs');
const http = require('http');

const [sdkDir, planFile, harFile, outcomesFile] = process.argv.slice(2);
const platformClient = require(sdkDir);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
const sdkVersion = JSON.parse(fs.readFileSync(`${sdkDir}/package.json`, 'utf8')).version;
const entries = [];

function pairs(rawHeaders) {
  const headers = [];
  for (let i = 0; i < rawHeaders.length; i += 2) headers.push({ name: rawHeaders[i], value: rawHeaders[i + 1] });
  return headers;
}

function entryFor(request, body, base, started) {
  const url = new URL(request.url, base);
  const contentType = request.headers['content-type'];
  const answer = '{}';
  const entry = {
    startedDateTime: started.toISOString(),
    time: Date.now() - started.getTime(),
    request: {
      method: request.method,
      url: url.href,
      httpVersion: `HTTP/${request.httpVersion}`,
      cookies: [],
      headers: pairs(request.rawHeaders),
      queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
      headersSize: -1,
      bodySize: body.length,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: `HTTP/${request.httpVersion}`,
      cookies: [],
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: answer.length, mimeType: 'application/json', text: answer },
      redirectURL: '',
      headersSize: -1,
      bodySize: answer.length,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
  };
  if (body.length > 0) entry.request.postData = { mimeType: contentType || '', text: body.toString('utf8') };
  return [entry, answer];
}

async function main() {
  let base;
  const server = http.createServer((request, response) => {
    const started = new Date();
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const [entry, answer] = entryFor(request, Buffer.concat(chunks), base, started);
      entries.push(entry);
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(answer);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  base = `http://127.0.0.1:${port}`;

  const client = platformClient.ApiClient.instance;
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_api: '', path_params_login: '' });
  client.setAccessToken('oracle-token');

  const outcomes = [];
  for (const call of plan) {
    const before = entries.length;
    let error = null;
    try {
      const api = new platformClient[call.api_class]();
      await api[call.name](...call.arguments);
    } catch (caught) {
      error = String((caught && caught.message) || caught).slice(0, 300);
    }
    const made = entries.length - before;
    outcomes.push({ entry: made === 1 ? before : null, requests: made, error });
  }
  server.close();

  const har = { log: { version: '1.2', creator: { name: 'attrlint js sdk oracle', version: sdkVersion }, entries } };
  fs.writeFileSync(harFile, JSON.stringify(har, null, 1));
  fs.writeFileSync(outcomesFile, JSON.stringify({ sdk_version: sdkVersion, outcomes }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
