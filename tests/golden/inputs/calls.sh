#!/usr/bin/env bash
# Participant attributes written the way forum answers suggest: a voice path, PUT, a
# participants array and nested values. The token is an example, never a real one.
curl -X PUT "https://api.mypurecloud.com/api/v2/conversations/voice/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes" \
  -H "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.ZXhhbXBsZS10b2tlbi1nb2xkZW4.c2lnbmF0dXJlLWdvbGRlbg" \
  -H "Content-Type: application/json" \
  -d '{"attributes": {"crm": {"id": 42, "tier": "gold"}, "vip": true}}'

# A read with a body, an option attrlint does not know, and basic credentials.
curl --compressed --proxy-digest -X GET "https://api.mypurecloud.com/api/v2/conversations/calls/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f" \
  -u admin:hunter2-golden-password \
  -d '{"attributes": {"a": "b"}}'

# URL globbing and a multipart body.
curl -X POST "https://api.mypurecloud.com/api/v2/conversations/calls/[1-2]/participants/{a,b}/replace" \
  -H "Authorization: Bearer $TOKEN" \
  -F "file=@notes.txt"

# A clean request.
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes" \
  -H "Authorization: Bearer $TOKEN" \
  --json '{"attributes": {"crm_status": "escalated"}}'
