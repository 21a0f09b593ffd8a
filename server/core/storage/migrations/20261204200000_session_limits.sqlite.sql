-- Session policy (Staffgate extension): a per-session idle limit (ms; NULL = the core's CORE_REFRESH_TOKEN_VALIDITY)
-- and an absolute end (ms since the epoch; NULL = none) that no refresh extends. expires_at never passes absolute_end.
ALTER TABLE sessions ADD COLUMN idle_limit INTEGER;
ALTER TABLE sessions ADD COLUMN absolute_end INTEGER;
