import { useState } from 'react';
import type { Template } from '../../../src-shared/domain/settings';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';
import { useTemplatesStore } from '../../stores/templates-store';
import { TemplateForm } from './TemplateForm';

/** The seller's own templates (the built-in ones are always there besides these). */
export function TemplatesManager({ accountId }: { accountId: number }) {
  const custom = useTemplatesStore((state) => state.custom);
  const builtinCount = useTemplatesStore((state) => state.builtin.length);
  const save = useTemplatesStore((state) => state.save);
  const remove = useTemplatesStore((state) => state.remove);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<{ message: string } | null>) => {
    setSaving(true);
    const failure = await action();
    setSaving(false);
    setError(failure?.message ?? null);
    if (!failure) setEditing(null);
  };
  const folders = [...new Set(custom.map((template) => template.folder))].sort();

  return (
    <div className="settings-card" data-testid="settings-templates">
      <h3>Свои шаблоны</h3>
      <div className="muted">
        Встроенных шаблонов: {builtinCount} — они доступны всегда. Свои появятся в списке «Шаблон…» у ответа.
      </div>
      {custom.length === 0 && editing === null && <div className="muted">Своих шаблонов пока нет.</div>}
      {folders.map((folder) => (
        <div key={folder} className="template-folder">
          <h4>{folder}</h4>
          <ul className="template-list">
            {custom
              .filter((template) => template.folder === folder)
              .map((template) => (
                <li key={template.id} data-testid="own-template">
                  <div className="template-line">
                    <strong>{template.title}</strong>
                    <span className="muted">
                      {template.channels.map((channel) => CHANNEL_TAB_LABEL[channel]).join(', ')}
                      {template.ratings ? ` · ${template.ratings.join(', ')}★` : ''}
                    </span>
                    <button type="button" className="btn btn-small" onClick={() => setEditing(template)}>
                      Изменить
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      data-testid="template-delete"
                      disabled={saving}
                      onClick={() => void run(() => remove(accountId, template.id))}
                    >
                      Удалить
                    </button>
                  </div>
                  <div className="template-text">{template.text}</div>
                </li>
              ))}
          </ul>
        </div>
      ))}
      {editing !== null ? (
        <TemplateForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          saving={saving}
          error={error}
          onSave={(template) => void run(() => save(accountId, template))}
          onCancel={() => {
            setEditing(null);
            setError(null);
          }}
        />
      ) : (
        <div>
          <button type="button" className="btn btn-small" data-testid="template-add" onClick={() => setEditing('new')}>
            Добавить шаблон
          </button>
          {error && <span className="form-error"> {error}</span>}
        </div>
      )}
    </div>
  );
}
