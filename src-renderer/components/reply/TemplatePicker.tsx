import type { InteractionDetail } from '../../../src-shared/domain/interaction';
import type { Template } from '../../../src-shared/domain/settings';
import { templateFits } from '../../lib/template-fill';
import { useTemplatesStore } from '../../stores/templates-store';

interface Props {
  detail: InteractionDetail;
  onPick(template: Template): void;
}

/** Templates that fit this item (channel, star rating), own ones first, grouped by folder. */
export function TemplatePicker({ detail, onPick }: Props) {
  const builtin = useTemplatesStore((state) => state.builtin);
  const custom = useTemplatesStore((state) => state.custom);
  const fitting = [...custom, ...builtin].filter((template) => templateFits(template, detail.channel, detail.rating));
  const folders = new Map<string, Template[]>();
  for (const template of fitting) folders.set(template.folder, [...(folders.get(template.folder) ?? []), template]);

  return (
    <select
      className="template-picker"
      data-testid="template-picker"
      value=""
      disabled={fitting.length === 0}
      title={fitting.length === 0 ? 'Нет шаблонов для этого обращения' : 'Подставить шаблон'}
      onChange={(event) => {
        const picked = fitting.find((template) => template.id === event.target.value);
        if (picked) onPick(picked);
      }}
    >
      <option value="">{fitting.length === 0 ? 'Нет подходящих шаблонов' : 'Шаблон…'}</option>
      {[...folders].map(([folder, templates]) => (
        <optgroup key={folder} label={folder}>
          {templates.map((template) => (
            <option key={template.id} value={template.id}>
              {template.title}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
