"""The SDK oracle: requests made by the official Python SDK, linted by attrlint.

- `record.py` runs in a subprocess under an interpreter that has PureCloudPlatformClientV2
  269.0.0 and writes the requests the SDK makes (its transport stubbed, nothing sent);
- `report.py` lints them in the test process and summarises the findings;
- `plugin.py` registers the `oracle` marker (tests/test_sdk_oracle.py loads it).
"""
