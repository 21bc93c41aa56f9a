import type { StepId } from '@shared/checklist/steps';
import { usePanelStore, type PanelTab } from '../../app/panelStore';
import { usePortStore } from '../port/portStore';

const FILE_FOR_STEP: Record<StepId, string> = {
  'map-fields': 'model_config.py',
  'build-layers': 'model.py',
  register: 'arch.py',
  'map-weights': 'weight_adapters.py',
  'validate-logits': 'PORTING.md',
  serve: 'PORTING.md',
};

const PANEL_FOR_STEP: Partial<Record<StepId, PanelTab>> = { 'map-fields': 'fields', 'map-weights': 'weights' };

/** Choosing a step shows the generated file it is about and the panel holding its evidence. */
export function selectStep(step: StepId): void {
  const port = usePortStore.getState();
  port.setActiveStep(step);
  port.setActiveFile(FILE_FOR_STEP[step]);
  usePanelStore.getState().show(PANEL_FOR_STEP[step] ?? 'step');
}
