import { useEffect, useState } from 'react';
import { openSavedModel } from '../state/actions/models';
import { pushNotice } from '../state/actions/notices';
import { deleteSavedModel, listSavedModels, saveModel, type SavedModel } from '../state/saved-models';
import { useStore } from '../state/store';
import { why } from './why-disabled';
import { formatPercent } from './format';

/** Save the current trained model under a name; reopen or delete saved ones. */
export function SavedModels() {
  const model = useStore((s) => s.model);
  const [list, setList] = useState<SavedModel[]>([]);
  const [name, setName] = useState('');
  const refresh = () => void listSavedModels().then(setList, () => setList([]));
  useEffect(refresh, []);
  const canSave = model && (model.source === 'trained' || model.source === 'imported');
  const trimmed = name.trim().slice(0, 80);

  return (
    <div className="saved-models">
      <h3>Saved models</h3>
      <form
        className="save-row"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (!canSave || !trimmed) return;
          saveModel(trimmed, model.mlp, model.testAccuracy, model.trainedWith).then(
            () => {
              setName('');
              refresh();
              pushNotice('info', `Saved the model as “${trimmed}”.`);
            },
            (err: Error) => pushNotice('error', 'The model could not be saved: this browser refused to store it (private window, or full storage). Export it instead (Share and export → Model).', err.message),
          );
        }}
      >
        <input aria-label="Model name" data-testid="save-model-name" placeholder={canSave ? 'Name this model' : 'Train a model first'} value={name} disabled={!canSave} {...why(!canSave && 'Train or import a model first: the pretrained one is always here.')} maxLength={80} onChange={(e) => setName(e.target.value)} />
        <button type="submit" data-testid="save-model" disabled={!canSave || !trimmed} {...why(!canSave ? 'Train or import a model first: the pretrained one is always here.' : !trimmed && 'Name the model first.')}>
          Save
        </button>
      </form>
      {list.length > 0 && (
        <ul className="saved-list" data-testid="saved-models">
          {list.map((e) => (
            <li key={e.name}>
              <span className="saved-name">{e.name}</span>
              <span className="saved-meta">
                {[e.spec.inputSize, ...e.spec.hidden, e.spec.numClasses].join('-')} · {formatPercent(e.testAccuracy, 1)}
              </span>
              <button type="button" onClick={() => void openSavedModel(e)} aria-label={`Open ${e.name}`}>
                Open
              </button>
              <button type="button" onClick={() => void deleteSavedModel(e.name).then(refresh)} aria-label={`Delete ${e.name}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
