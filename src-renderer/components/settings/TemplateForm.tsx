import { useState } from 'react';
import { CHANNELS, type Channel } from '../../../src-shared/domain/interaction';
import type { Template } from '../../../src-shared/domain/settings';
import { CHANNEL_TAB_LABEL } from '../../lib/labels';

interface Props {
  initial: Template | null;
  saving: boolean;
  error: string | null;
  onSave(template: Template): void;
  onCancel(): void;
}

function validate(template: Template): string | null {
  if (!template.folder.trim()) return 'Укажите папку, например «Благодарность»';
  if (!template.title.trim()) return 'Укажите название шаблона';
  if (template.text.trim().length < 2) return 'Текст шаблона — хотя бы 2 символа';
  if (template.text.trim().length > 5000) return 'Текст шаблона — не длиннее 5000 символов';
  if (template.channels.length === 0) return 'Отметьте, где шаблон можно использовать';
  return null;
}

const blank = (): Template => ({
  id: `own-${Date.now().toString(36)}`,
  folder: 'Мои шаблоны',
  title: '',
  text: '',
  channels: ['review'],
  ratings: null,
});

/** One own template: folder, title, text with {имя}/{товар}/{артикул}, channels and star ratings. */
export function TemplateForm({ initial, saving, error, onSave, onCancel }: Props) {
  const [template, setTemplate] = useState<Template>(initial ?? blank());
  const invalid = validate(template);
  const toggleChannel = (channel: Channel) =>
    setTemplate({
      ...template,
      channels: template.channels.includes(channel)
        ? template.channels.filter((c) => c !== channel)
        : [...template.channels, channel],
    });
  const toggleRating = (stars: number) => {
    const current = template.ratings ?? [];
    const next = current.includes(stars) ? current.filter((s) => s !== stars) : [...current, stars].sort();
    setTemplate({ ...template, ratings: next.length ? next : null });
  };
  return (
    <form
      className="template-form"
      data-testid="template-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!invalid)
          onSave({
            ...template,
            folder: template.folder.trim(),
            title: template.title.trim(),
            text: template.text.trim(),
          });
      }}
    >
      <div className="field-grid">
        <label className="field">
          <span>Папка</span>
          <input
            type="text"
            data-testid="template-folder"
            value={template.folder}
            onChange={(event) => setTemplate({ ...template, folder: event.target.value })}
          />
        </label>
        <label className="field">
          <span>Название</span>
          <input
            type="text"
            data-testid="template-title"
            value={template.title}
            onChange={(event) => setTemplate({ ...template, title: event.target.value })}
          />
        </label>
      </div>
      <label className="field">
        <span>
          Текст — можно вставить {'{имя}'}, {'{товар}'}, {'{артикул}'}
        </span>
        <textarea
          className="reply-text"
          rows={3}
          data-testid="template-text"
          value={template.text}
          onChange={(event) => setTemplate({ ...template, text: event.target.value })}
        />
      </label>
      <div className="field-inline">
        <span>Для:</span>
        {CHANNELS.map((channel) => (
          <label key={channel} className="radio">
            <input
              type="checkbox"
              checked={template.channels.includes(channel)}
              onChange={() => toggleChannel(channel)}
            />
            {CHANNEL_TAB_LABEL[channel]}
          </label>
        ))}
      </div>
      {template.channels.includes('review') && (
        <div className="field-inline">
          <span>Оценки отзыва:</span>
          {[1, 2, 3, 4, 5].map((stars) => (
            <label key={stars} className="radio">
              <input
                type="checkbox"
                checked={template.ratings?.includes(stars) ?? false}
                onChange={() => toggleRating(stars)}
              />
              {stars}★
            </label>
          ))}
          <span className="muted">{template.ratings ? '' : 'не выбрано — подходит к любой'}</span>
        </div>
      )}
      <div className="save-row">
        <button
          type="submit"
          className="btn btn-primary btn-small"
          data-testid="template-save"
          disabled={saving || invalid !== null}
        >
          Сохранить шаблон
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Отмена
        </button>
        {(invalid || error) && <span className="form-error">{invalid ?? error}</span>}
      </div>
    </form>
  );
}
