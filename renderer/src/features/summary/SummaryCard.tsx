import type { ConfigAnalysis } from '@shared/config/types';
import { formatBytes, formatCount } from '@shared/format/units';
import { rowActivation } from '../../app/rowActivation';
import { revealRequests } from '../port/revealRequests';

/** The port at a glance: identity, the MAX baseline and why, features, dimensions, KV cache, size. */
export function SummaryCard({ analysis }: { analysis: ConfigAnalysis }) {
  const dims = Object.entries(analysis.dimensions).filter(([, v]) => v !== null && v !== undefined);
  const origins = new Map(analysis.fields.map((f) => [f.path, f.origin]));
  const quant = analysis.quantization;
  return (
    <div className="summary" data-testid="summary">
      <dl className="summary-identity">
        <dt>Architecture</dt><dd>{analysis.architecture ?? 'unknown'}</dd>
        <dt>model_type</dt><dd>{analysis.modelType ?? 'unknown'}</dd>
        <dt>dtype</dt>
        <dd>{analysis.dtype ?? 'unknown'}{quant && <span className="muted"> (the unquantized parts)</span>}</dd>
        {quant && (
          <>
            {/* config.json's dtype does not say how quantized weights are stored (FP8 blocks, MXFP4, GPTQ int4, ...). */}
            <dt>Weights</dt>
            <dd data-testid="summary-weights">
              {quant.weightsDtype ?? 'quantized (storage dtype unknown)'} <span className="muted">({quant.method}{quant.scheme ? `: ${quant.scheme}` : ''})</span>
            </dd>
          </>
        )}
        <dt>Baseline</dt>
        <dd>
          <span className={`badge badge-${analysis.baseline.match}`}>{analysis.baseline.match}</span>{' '}
          {analysis.baseline.folder ?? 'none'}{analysis.baseline.name ? ` (${analysis.baseline.name})` : ''}
          <div className="muted">{analysis.baseline.why}</div>
        </dd>
        <dt>KV cache</dt>
        <dd>
          {analysis.kvCache
            ? `${formatBytes(analysis.kvCache.bytesPerToken)} per token, ${formatBytes(analysis.kvCache.bytesAtMaxLength)} at max length (${analysis.kvCache.dtype})`
            : 'unknown'}
        </dd>
        <dt>Parameters</dt><dd>{analysis.parameterEstimate ? `≈ ${formatCount(analysis.parameterEstimate)} (from the config)` : 'unknown'}</dd>
      </dl>
      <div className="features" aria-label="Features">
        {analysis.features.length ? analysis.features.map((f) => <span key={f} className="chip">{f}</span>) : <span className="muted">no special features</span>}
      </div>
      <table className="dims">
        <tbody>
          {dims.map(([name, value]) => (
            <tr key={name} {...rowActivation(() => revealRequests.request(name))} className="clickable">
              <th>{name}</th>
              <td>{JSON.stringify(value)}</td>
              <td className="muted">{origins.get(name) ?? origins.get(`text_config.${name}`) ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
