import { useEffect, useState } from 'react';
import type { ChatAttachment } from '../../../src-shared/domain/interaction';
import { mediaPath } from '../../../src-shared/domain/media';
import { bridge } from '../../bridge';
import { settle } from '../../stores/call';
import { useNetworkStore } from '../../stores/network';
import '../../styles/detail.css';

/**
 * An image the buyer sent in the chat, from the media cache (downloaded on first view, then
 * shown offline too); a click shows it large. Without a copy and without WB: «Фото недоступно офлайн».
 */
export function ChatImage({
  messageId,
  index,
  attachment,
}: {
  messageId: number;
  index: number;
  attachment: ChatAttachment;
}) {
  const online = useNetworkStore((state) => state.online);
  const [file, setFile] = useState(attachment.cachedFile ?? null);
  const [state, setState] = useState<'idle' | 'loading' | 'missing' | 'refused'>('idle');
  const [large, setLarge] = useState(false);

  useEffect(() => {
    if (file || !online) return;
    let current = true;
    setState('loading');
    void settle(bridge['media.attachment']({ messageId, index })).then((outcome) => {
      if (!current) return;
      if (outcome.ok && outcome.value.file) {
        setFile(outcome.value.file);
        setState('idle');
      } else setState(outcome.ok && outcome.value.refused ? 'refused' : 'missing');
    });
    return () => {
      current = false;
    };
  }, [messageId, index, file, online]);

  useEffect(() => {
    if (!large) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      setLarge(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [large]);

  const name = attachment.name || 'Изображение';
  if (!file) {
    return (
      <span className="photo-thumb photo-missing" data-testid="chat-image-missing" title={name}>
        {state === 'loading' ? 'Загрузка…' : state === 'refused' ? 'Фото недоступно' : 'Фото недоступно офлайн'}
      </span>
    );
  }
  return (
    <>
      <button
        type="button"
        className="photo-thumb"
        data-testid="chat-image"
        aria-label={`Открыть: ${name}`}
        onClick={() => setLarge(true)}
      >
        <img src={mediaPath(file)} alt={name} loading="lazy" />
      </button>
      {large && (
        <div className="photo-viewer" role="dialog" aria-modal="true" aria-label={name} onClick={() => setLarge(false)}>
          <div className="photo-viewer-box" onClick={(event) => event.stopPropagation()}>
            <img src={mediaPath(file)} alt={name} />
            <div className="photo-viewer-bar">
              <span>{name}</span>
              <button type="button" className="btn btn-small" onClick={() => setLarge(false)}>
                Закрыть
              </button>
            </div>
          </div>
        </div>
      )}
    </>
  );
}
