import { useEffect, useState } from 'react';
import { mediaPath, type ReviewPhoto } from '../../../src-shared/domain/media';
import { bridge } from '../../bridge';
import { settle } from '../../stores/call';
import { useNetworkStore } from '../../stores/network';
import '../../styles/detail.css';

const OFFLINE = 'Фото недоступно офлайн';

/**
 * A review's photos as thumbnails. Core caches them in the data folder (the window loads only
 * `/media/<file>` from its own origin, never WB's hosts), so what was seen once shows offline;
 * a click opens the full size, downloaded on first open and cached as well.
 */
export function ReviewPhotos({ interactionId, initial }: { interactionId: number; initial: ReviewPhoto[] }) {
  const online = useNetworkStore((state) => state.online);
  const [photos, setPhotos] = useState(initial);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const missing = photos.some((photo) => photo.thumbFile === null && !photo.thumbRefused);

  useEffect(() => setPhotos(initial), [initial]);
  useEffect(() => {
    if (!missing || !online) return;
    let current = true;
    setLoading(true);
    void settle(bridge['media.photos']({ id: interactionId })).then((outcome) => {
      if (!current) return;
      setLoading(false);
      if (outcome.ok) setPhotos(outcome.value);
    });
    return () => {
      current = false;
    };
    // Ask again when the network comes back; not on every change of the list.
  }, [interactionId, online, initial]);

  if (photos.length === 0) return null;
  return (
    <div className="review-photos" data-testid="review-photos">
      <h4>Фото покупателя · {photos.length}</h4>
      <ul>
        {photos.map((photo) => (
          <li key={photo.index}>
            <button
              type="button"
              className="photo-thumb"
              data-testid="photo-thumb"
              aria-label={`Открыть фото ${photo.index + 1} в полном размере`}
              onClick={() => setOpen(photo.index)}
            >
              {photo.thumbFile ? (
                <img src={mediaPath(photo.thumbFile)} alt={`Фото ${photo.index + 1}`} loading="lazy" />
              ) : (
                <span className="photo-missing" data-testid="photo-missing">
                  {loading ? 'Загрузка…' : photo.thumbRefused ? 'Фото недоступно' : OFFLINE}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      {open !== null && photos[open] && (
        <PhotoViewer
          interactionId={interactionId}
          photo={photos[open]}
          count={photos.length}
          onLoaded={setPhotos}
          onMove={(step) => setOpen((open + step + photos.length) % photos.length)}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

interface ViewerProps {
  interactionId: number;
  photo: ReviewPhoto;
  count: number;
  onLoaded(photos: ReviewPhoto[]): void;
  onMove(step: number): void;
  onClose(): void;
}

/** The full size in an overlay (Esc or a click outside closes it, ←/→ move between photos). */
function PhotoViewer({ interactionId, photo, count, onLoaded, onMove, onClose }: ViewerProps) {
  const online = useNetworkStore((state) => state.online);
  const [failed, setFailed] = useState(false);
  const needsFull = photo.fullFile === null;

  useEffect(() => {
    setFailed(false);
    if (!needsFull || !online) return;
    let current = true;
    void settle(bridge['media.photos']({ id: interactionId, full: photo.index })).then((outcome) => {
      if (!current) return;
      if (outcome.ok) onLoaded(outcome.value);
      if (!outcome.ok || outcome.value[photo.index]?.fullFile == null) setFailed(true);
    });
    return () => {
      current = false;
    };
  }, [interactionId, photo.index, needsFull, online]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
      else if (event.key === 'ArrowRight') onMove(1);
      else if (event.key === 'ArrowLeft') onMove(-1);
      else return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose, onMove]);

  // The full size when cached; meanwhile (or offline) the thumbnail, enlarged, with a note.
  const file = photo.fullFile ?? photo.thumbFile;
  const note = photo.fullFile
    ? null
    : !online || failed
      ? 'Полный размер недоступен офлайн — показана миниатюра'
      : 'Загружаем полный размер…';
  return (
    <div className="photo-viewer" role="dialog" aria-modal="true" aria-label="Фото покупателя" onClick={onClose}>
      <div className="photo-viewer-box" onClick={(event) => event.stopPropagation()}>
        {file ? (
          <img
            src={mediaPath(file)}
            alt={`Фото ${photo.index + 1} из ${count}`}
            data-testid="photo-full"
            data-full={photo.fullFile ? 'true' : 'false'}
          />
        ) : (
          <div className="photo-missing photo-missing-large">{OFFLINE}</div>
        )}
        <div className="photo-viewer-bar">
          <span>
            {photo.index + 1} из {count}
          </span>
          {note && <span className="muted">{note}</span>}
          {count > 1 && (
            <>
              <button type="button" className="btn btn-small" onClick={() => onMove(-1)} aria-label="Предыдущее фото">
                ←
              </button>
              <button type="button" className="btn btn-small" onClick={() => onMove(1)} aria-label="Следующее фото">
                →
              </button>
            </>
          )}
          <button type="button" className="btn btn-small" data-testid="photo-close" onClick={onClose}>
            Закрыть
          </button>
        </div>
      </div>
    </div>
  );
}
