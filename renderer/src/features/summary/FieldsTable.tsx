import type { FieldInfo } from '@shared/config/types';
import { rowActivation } from '../../app/rowActivation';
import { revealRequests } from '../port/revealRequests';

/** Every field with its category, effective value and origin; unknown fields first, never hidden. */
export function FieldsTable({ fields }: { fields: FieldInfo[] }) {
  const sorted = [...fields].sort((a, b) => Number(b.category === 'unknown') - Number(a.category === 'unknown') || a.path.localeCompare(b.path));
  return (
    <table className="fields" data-testid="fields">
      <thead>
        <tr><th>Field</th><th>Category</th><th>Effective value</th><th>Origin</th><th>For the port</th></tr>
      </thead>
      <tbody>
        {sorted.map((f) => (
          <tr key={`${f.path}:${f.origin}`} className={`clickable cat-${f.category}`} {...rowActivation(() => revealRequests.request(f.path))}>
            <td className="mono">{f.path}</td>
            <td><span className={`chip ann-${f.category}`}>{f.category}</span></td>
            <td className="mono">{JSON.stringify(f.value)}</td>
            <td>{f.origin}</td>
            <td>{f.note}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
