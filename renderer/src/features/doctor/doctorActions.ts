import type { DoctorReport } from '@shared/serve/doctorTypes';
import { api } from '../../platform/bridge';
import { usePortStore } from '../port/portStore';
import { useDoctorStore } from './doctorStore';

/** Runs the environment doctor for the port; a MAX version the knowledge base knows becomes the codegen target. */
export async function runDoctor(dir?: string, python?: string): Promise<DoctorReport | null> {
  const store = useDoctorStore.getState();
  store.started();
  try {
    const report = await api.doctor.check({ ...(dir ? { dir } : {}), ...(python ? { python } : {}) });
    const port = usePortStore.getState();
    const retarget = report.codegen.known && report.codegen.target && report.codegen.target !== port.maxVersion;
    if (retarget) port.setMaxVersion(report.codegen.target!);
    store.finished(report, retarget ? `Code generation now targets MAX ${report.codegen.target} (detected here).` : null);
    return report;
  } catch (err) {
    store.failed((err as Error).message);
    return null;
  }
}
