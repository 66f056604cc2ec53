# Updating participant attributes on a live voice call: the request as forum advice writes it.
# attrlint check examples/voice-call-attributes.sh explains each problem and shows the fix.
curl -X PUT "https://api.mypurecloud.com/api/v2/conversations/voice/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" \
  -H "Authorization: Bearer $TOKEN" \
  -d '{
    "participants": [
      {
        "participantId": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        "attributes": {"crm": {"id": 42, "tier": "gold"}, "vip": true}
      }
    ]
  }'

# The corrected request: PATCH to .../calls/{conversationId}/participants/{participantId}/attributes
curl -X PATCH "https://api.mypurecloud.com/api/v2/conversations/calls/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes" \
  -H "Authorization: Bearer $TOKEN" \
  -H "Content-Type: application/json" \
  -d '{"attributes": {"crm.id": "42", "crm.tier": "gold", "vip": "true"}}'
