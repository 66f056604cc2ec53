#!/usr/bin/env bash
# A request attrlint has nothing to say about.
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes" \
  -H "Authorization: Bearer $TOKEN" \
  --json '{"attributes": {"crm_status": "escalated"}}'
