"""The SDK oracles: requests made by the official SDKs, linted by attrlint.

- `record.py` runs in a subprocess under an interpreter that has PureCloudPlatformClientV2
  269.0.0 and writes the requests the SDK makes (its transport stubbed, nothing sent);
- `js_plan.py` plans a call of every body-taking method of the npm SDK
  purecloud-platform-client-v2 262.0.0, bodies built from its `index.d.ts`; `send.js` makes the
  calls in Node against a loopback server that writes them as a HAR;
- `report.py` lints them in the test process and summarises the findings;
- `plugin.py` registers the `oracle` marker (both oracle test files load it).
"""
