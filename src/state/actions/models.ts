/** Opening a model saved by name (the list itself is in saved-models.ts). */
import { mlpParamCount, mlpWidths } from '../../core/model/mlp';
import { modelOfEntry, type SavedModel } from '../saved-models';
import { useStore } from '../store';
import { startCompaction } from './compaction';
import { pushNotice } from './notices';

export async function openSavedModel(e: SavedModel): Promise<void> {
  const mlp = modelOfEntry(e);
  if (!mlp) {
    pushNotice('error', `The saved model “${e.name}” is damaged and cannot be opened.`);
    return;
  }
  useStore.setState({
    model: { mlp, source: 'trained', name: e.name, testAccuracy: e.testAccuracy, params: mlpParamCount(mlp), widths: mlpWidths(mlp), trainedWith: e.trainedWith },
  });
  await startCompaction(mlp);
  pushNotice('info', `Opened the saved model “${e.name}”.`);
}
