-- after 7 migrations; one entry per sqlite_master row: type name (tbl_name), sql
-- index audit_by_case (audit)
CREATE INDEX audit_by_case ON audit (case_id, id);
-- index case_checklists_by_checklist (case_checklists)
CREATE INDEX case_checklists_by_checklist ON case_checklists (checklist_id, case_id);
-- index cases_by_created (cases)
CREATE INDEX cases_by_created ON cases (created_at, id, applicant_name, id_number, phone);
-- index cases_by_next_due (cases)
CREATE INDEX cases_by_next_due ON cases (status, next_due);
-- index cases_by_received (cases)
CREATE INDEX cases_by_received ON cases (received_on);
-- index cases_by_status (cases)
CREATE INDEX cases_by_status ON cases (status, created_at, id);
-- index content_basis_by_source (content_basis)
CREATE INDEX content_basis_by_source ON content_basis (release, source_id);
-- index content_checklists_by_version (content_checklists)
CREATE INDEX content_checklists_by_version ON content_checklists (id, version, release);
-- index item_states_by_status (item_states)
CREATE INDEX item_states_by_status ON item_states (case_id, status);
-- index sqlite_autoindex_answers_1 (answers)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_case_checklists_1 (case_checklists)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_cases_1 (cases)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_basis_1 (content_basis)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_checklists_1 (content_checklists)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_excerpts_1 (content_excerpts)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_items_1 (content_items)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_materials_1 (content_materials)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_questions_1 (content_questions)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_content_sources_1 (content_sources)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_guide_entries_1 (guide_entries)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_item_states_1 (item_states)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_material_states_1 (material_states)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_meta_1 (meta)
-- (no sql: created by SQLite)
-- index sqlite_autoindex_settings_1 (settings)
-- (no sql: created by SQLite)
-- table answers (answers)
CREATE TABLE answers ( case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, question_id TEXT NOT NULL, value TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (case_id, question_id));
-- table audit (audit)
CREATE TABLE audit ( id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, field TEXT NOT NULL DEFAULT '', old TEXT, new TEXT, redacted INTEGER NOT NULL DEFAULT 0);
-- table case_checklists (case_checklists)
CREATE TABLE case_checklists ( case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, checklist_id TEXT NOT NULL, version TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (case_id, checklist_id));
-- table cases (cases)
CREATE TABLE cases ( id TEXT PRIMARY KEY, applicant_name TEXT NOT NULL, id_number TEXT NOT NULL DEFAULT '', id_override INTEGER NOT NULL DEFAULT 0, contact TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', clerk TEXT NOT NULL DEFAULT '', office TEXT NOT NULL DEFAULT '', received_on TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open', created_at TEXT NOT NULL, updated_at TEXT NOT NULL, closed_at TEXT, next_due TEXT, progress_settled INTEGER, progress_applicable INTEGER, derived_key TEXT);
-- table cases_fts (cases_fts)
CREATE VIRTUAL TABLE cases_fts USING fts5( id, applicant_name, id_number, phone, content = 'cases', content_rowid = 'rowid', tokenize = 'trigram');
-- table cases_fts_config (cases_fts_config)
CREATE TABLE 'cases_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table cases_fts_data (cases_fts_data)
CREATE TABLE 'cases_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table cases_fts_docsize (cases_fts_docsize)
CREATE TABLE 'cases_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
-- table cases_fts_idx (cases_fts_idx)
CREATE TABLE 'cases_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table content_active (content_active)
CREATE TABLE content_active ( id INTEGER PRIMARY KEY CHECK (id = 1), release INTEGER NOT NULL REFERENCES content_releases(id));
-- table content_basis (content_basis)
CREATE TABLE content_basis ( release INTEGER NOT NULL, checklist_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL, source_id TEXT NOT NULL, article TEXT NOT NULL, quote TEXT NOT NULL, PRIMARY KEY (release, checklist_id, item_id, position), FOREIGN KEY (release, checklist_id, item_id) REFERENCES content_items(release, checklist_id, id) ON DELETE CASCADE);
-- table content_checklists (content_checklists)
CREATE TABLE content_checklists ( release INTEGER NOT NULL REFERENCES content_releases(id) ON DELETE CASCADE, id TEXT NOT NULL, position INTEGER NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL, family TEXT NOT NULL, region TEXT NOT NULL, summary TEXT NOT NULL, audience TEXT NOT NULL, questions TEXT NOT NULL, PRIMARY KEY (release, id));
-- table content_excerpts (content_excerpts)
CREATE TABLE content_excerpts ( release INTEGER NOT NULL, source_id TEXT NOT NULL, position INTEGER NOT NULL, lines TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (release, source_id, position), FOREIGN KEY (release, source_id) REFERENCES content_sources(release, id) ON DELETE CASCADE);
-- table content_fts (content_fts)
CREATE VIRTUAL TABLE content_fts USING fts5( title, body, wenhao, content = 'content_search_rows', content_rowid = 'rid', tokenize = 'trigram');
-- table content_fts_config (content_fts_config)
CREATE TABLE 'content_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table content_fts_data (content_fts_data)
CREATE TABLE 'content_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table content_fts_docsize (content_fts_docsize)
CREATE TABLE 'content_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
-- table content_fts_idx (content_fts_idx)
CREATE TABLE 'content_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table content_guide (content_guide)
CREATE TABLE content_guide ( release INTEGER PRIMARY KEY REFERENCES content_releases(id) ON DELETE CASCADE, data TEXT NOT NULL);
-- table content_items (content_items)
CREATE TABLE content_items ( release INTEGER NOT NULL, checklist_id TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, what TEXT NOT NULL, department TEXT NOT NULL, lead TEXT NOT NULL, time_value REAL, time_unit TEXT, time_note TEXT NOT NULL, cost TEXT NOT NULL, channel TEXT NOT NULL, result TEXT NOT NULL, claim TEXT NOT NULL, applies_if TEXT NOT NULL, valid_from TEXT, valid_to TEXT, period_unstated INTEGER NOT NULL, unclear_if TEXT NOT NULL, unclear_reason TEXT NOT NULL, jurisdiction TEXT NOT NULL, grp TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (release, checklist_id, id), FOREIGN KEY (release, checklist_id) REFERENCES content_checklists(release, id) ON DELETE CASCADE);
-- table content_materials (content_materials)
CREATE TABLE content_materials ( release INTEGER NOT NULL, checklist_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, form TEXT NOT NULL, copies INTEGER, commitment INTEGER NOT NULL, note TEXT NOT NULL, PRIMARY KEY (release, checklist_id, item_id, position), FOREIGN KEY (release, checklist_id, item_id) REFERENCES content_items(release, checklist_id, id) ON DELETE CASCADE);
-- table content_questions (content_questions)
CREATE TABLE content_questions ( release INTEGER NOT NULL REFERENCES content_releases(id) ON DELETE CASCADE, id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL, type TEXT NOT NULL, options TEXT NOT NULL, unit TEXT NOT NULL, help TEXT NOT NULL, PRIMARY KEY (release, id));
-- table content_releases (content_releases)
CREATE TABLE content_releases ( id INTEGER PRIMARY KEY, origin TEXT NOT NULL CHECK (origin IN ('shipped', 'pack', 'legacy')), origin_ref TEXT NOT NULL, digest TEXT NOT NULL, pack_id TEXT NOT NULL DEFAULT '', pack_version INTEGER, pack_title TEXT NOT NULL DEFAULT '', publisher TEXT NOT NULL DEFAULT '', pack_date TEXT NOT NULL DEFAULT '', replaces INTEGER, key_fingerprint TEXT NOT NULL DEFAULT '', imported_at TEXT NOT NULL);
-- table content_sources (content_sources)
CREATE TABLE content_sources ( release INTEGER NOT NULL REFERENCES content_releases(id) ON DELETE CASCADE, id TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, wenhao TEXT NOT NULL, issuer TEXT NOT NULL, date TEXT NOT NULL, level TEXT NOT NULL, region TEXT NOT NULL, validity TEXT NOT NULL, valid_from TEXT, valid_to TEXT, seed TEXT NOT NULL, lines TEXT NOT NULL, note TEXT NOT NULL, PRIMARY KEY (release, id));
-- table guide_entries (guide_entries)
CREATE TABLE guide_entries ( id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, version INTEGER NOT NULL, action TEXT NOT NULL CHECK (action IN ('save', 'import', 'remove')), data TEXT, office TEXT NOT NULL, origin_title TEXT NOT NULL, origin_number TEXT NOT NULL, origin_date TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', who TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (key, version));
-- table item_states (item_states)
CREATE TABLE item_states ( case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, checklist_id TEXT NOT NULL, item_id TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'not_applicable', 'waived')), note TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, PRIMARY KEY (case_id, checklist_id, item_id));
-- table material_states (material_states)
CREATE TABLE material_states ( case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, checklist_id TEXT NOT NULL, item_id TEXT NOT NULL, name TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('received', 'missing', 'deferred', 'committed')), form TEXT NOT NULL DEFAULT '' CHECK (form IN ('', '原件', '复印件', '原件及复印件')), due TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, PRIMARY KEY (case_id, checklist_id, item_id, name));
-- table meta (meta)
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- table settings (settings)
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- table sqlite_sequence (sqlite_sequence)
CREATE TABLE sqlite_sequence(name,seq);
-- trigger audit_no_delete (audit)
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- trigger audit_no_update (audit)
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN NOT (old.redacted = 0 AND new.redacted = 1 AND new.old IS NULL AND new.new IS NULL AND new.id IS old.id AND new.case_id IS old.case_id AND new.at IS old.at AND new.who IS old.who AND new.action IS old.action AND new.field IS old.field AND NOT EXISTS (SELECT 1 FROM cases WHERE id = old.case_id)) BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
-- trigger cases_fts_delete (cases)
CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN INSERT INTO cases_fts (cases_fts, rowid, id, applicant_name, id_number, phone) VALUES ('delete', old.rowid, old.id, old.applicant_name, old.id_number, old.phone); END;
-- trigger cases_fts_insert (cases)
CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN INSERT INTO cases_fts (rowid, id, applicant_name, id_number, phone) VALUES (new.rowid, new.id, new.applicant_name, new.id_number, new.phone); END;
-- trigger cases_fts_update (cases)
CREATE TRIGGER cases_fts_update AFTER UPDATE OF id, applicant_name, id_number, phone ON cases BEGIN INSERT INTO cases_fts (cases_fts, rowid, id, applicant_name, id_number, phone) VALUES ('delete', old.rowid, old.id, old.applicant_name, old.id_number, old.phone); INSERT INTO cases_fts (rowid, id, applicant_name, id_number, phone) VALUES (new.rowid, new.id, new.applicant_name, new.id_number, new.phone); END;
-- trigger guide_entries_no_delete (guide_entries)
CREATE TRIGGER guide_entries_no_delete BEFORE DELETE ON guide_entries BEGIN SELECT RAISE(ABORT, 'guide history is append-only'); END;
-- trigger guide_entries_no_update (guide_entries)
CREATE TRIGGER guide_entries_no_update BEFORE UPDATE ON guide_entries BEGIN SELECT RAISE(ABORT, 'guide history is append-only'); END;
-- view content_search_rows (content_search_rows)
CREATE VIEW content_search_rows AS SELECT i.rowid * 4 AS rid, i.title AS title, i.what AS body, '' AS wenhao FROM content_items i JOIN content_active a ON a.release = i.release UNION ALL SELECT b.rowid * 4 + 1, b.article, b.quote, '' FROM content_basis b JOIN content_active a ON a.release = b.release UNION ALL SELECT s.rowid * 4 + 2, s.title, '', s.wenhao FROM content_sources s JOIN content_active a ON a.release = s.release;
