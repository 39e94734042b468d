#!/usr/bin/env python3
"""Checks that the official Genesys Cloud Python SDK can log in, list, read and patch through the simulator.

usage: sdk_check.py BASE_URL CLIENT_ID CLIENT_SECRET
Prints 'sdk-check: ok' and exits 0, or names the first thing that did not work and exits 1.
"""
import sys

import PureCloudPlatformClientV2 as gc
from PureCloudPlatformClientV2.rest import ApiException


def main() -> int:
    base, client_id, secret = sys.argv[1:4]
    gc.configuration.host = base
    api_client = gc.api_client.ApiClient().get_client_credentials_token(client_id, secret)
    api = gc.IntegrationsApi(api_client)

    first = api.get_integrations_actions(page_size=25, page_number=1, include_config="true")
    assert first.total and first.page_count and first.entities, "listing lacks total/pageCount/entities"
    seen = list(first.entities)
    for n in range(2, first.page_count + 1):
        seen += api.get_integrations_actions(page_size=25, page_number=n, include_config="true").entities
    assert len(seen) == first.total, f"read {len(seen)} actions of {first.total}"

    action = next(a for a in seen if not a.id.startswith(("static", "customAuth")) and a.config.request.request_template)
    read = api.get_integrations_action(action.id, include_config="true")
    assert read.version == action.version and read.config.response.translation_map, "single read differs"

    new_timeout = 7 if read.config.timeout_seconds != 7 else 8
    body = gc.UpdateActionInput()
    body.name, body.category, body.version = read.name, read.category, read.version
    body.config = read.config
    body.config.timeout_seconds = new_timeout
    patched = api.patch_integrations_action(action.id, body)
    assert patched.version == read.version + 1, "version not bumped"
    assert patched.config.timeout_seconds == new_timeout, "timeout not applied"
    assert patched.config.request.request_template == read.config.request.request_template, "template changed"

    body.version = read.version  # stale now
    try:
        api.patch_integrations_action(action.id, body)
        print("sdk-check: a stale version was accepted", file=sys.stderr)
        return 1
    except ApiException as e:
        assert e.status == 409, f"stale version answered {e.status}"
    print("sdk-check: ok")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (AssertionError, ApiException, StopIteration) as e:
        print(f"sdk-check: failed: {e}", file=sys.stderr)
        sys.exit(1)
