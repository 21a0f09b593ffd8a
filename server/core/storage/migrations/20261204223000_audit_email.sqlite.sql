-- The audit log's email filter (GET /staffgate/audit?email=): events whose details record an address (a sign-in with
-- an unknown email, an invitation, a refused sign-up) found by index instead of a walk through every event.
CREATE INDEX audit_events_details_email ON audit_events (app_id, json_extract(details, '$.email'));
