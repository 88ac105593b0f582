import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChannelOutput } from '../../../electron/contract';
import type { ScanResult } from '../../../electron/contract/scan';
import { formatDate } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { call, PpvError } from '../../ppv';
import { useWedgeScans } from '../../scan/useWedgeScans';
import { ErrorNote } from '../Field';

type DeliveredLot = ChannelOutput<'lot.list'>['items'][number];
type Product = ChannelOutput<'catalogue.products'>[number];
type VialScan = Extract<ScanResult, { kind: 'vial' }>;

const LOT_PAGE = 100;

/**
 * The lots the PPV received: the manager scans one vial of each box (product, lot, expiry). A box
 * whose GTIN the catalogue does not know is attached to its product first, so vaccinators never meet
 * an unknown GTIN for a delivered box.
 */
export function DeliveriesPanel() {
  const { t, pick } = useI18n();
  const [lots, setLots] = useState<DeliveredLot[]>([]);
  const [products, setProducts] = useState<Product[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [unknownGtin, setUnknownGtin] = useState<VialScan | null>(null);
  const field = useRef<HTMLInputElement>(null);

  async function reload(): Promise<void> {
    setLots((await call('lot.list', { limit: LOT_PAGE, cursor: null })).items);
  }
  useEffect(() => {
    void reload();
    void call('catalogue.products', {}).then(setProducts);
  }, []);

  async function deliver(scan: VialScan): Promise<void> {
    const result = await window.ppv.invoke('lot.deliver', {
      gtin: scan.gtin,
      lot: scan.lot,
      expiry: scan.expiry,
    });
    if (!result.ok && result.error.code === 'UNKNOWN_PRODUCT') {
      setUnknownGtin(scan);
      return;
    }
    if (!result.ok) throw new PpvError(result.error.code, result.error.message);
    setNote(
      t('manager.lots.recorded', {
        product: result.value.productName,
        lot: result.value.lot,
        expiry: formatDate(result.value.expiry),
      }),
    );
    await reload();
  }

  async function attempt(work: () => Promise<void>): Promise<void> {
    setError(null);
    setNote('');
    try {
      await work();
    } catch (caught) {
      setError(caught instanceof PpvError ? pick(caught.text) : t('error.disconnected'));
    }
    field.current?.focus();
  }

  function take(text: string): void {
    if (text.trim() === '') return;
    void attempt(async () => {
      setUnknownGtin(null);
      const result = await call('scan.classify', { text });
      if (result.kind !== 'vial') {
        setError(t('manager.lots.notVial'));
        return;
      }
      await deliver(result);
    });
  }

  useWedgeScans((text) => {
    if (field.current) field.current.value = '';
    take(text);
  });

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const text = event.currentTarget.value;
    event.currentTarget.value = '';
    take(text);
  }

  return (
    <section aria-labelledby="manager-lots-title">
      <h3 id="manager-lots-title">{t('manager.lots.title')}</h3>
      <div className="field">
        <label htmlFor="manager-lot-scan">{t('manager.lots.scan')}</label>
        <input
          id="manager-lot-scan"
          ref={field}
          data-scan-field=""
          autoComplete="off"
          onKeyDown={onKeyDown}
        />
      </div>
      <p role="status" className="notice">
        {note}
      </p>
      <ErrorNote text={error} />
      {unknownGtin ? (
        <AttachGtin
          scan={unknownGtin}
          products={products}
          onAttached={(scan) => {
            setUnknownGtin(null);
            void attempt(async () => {
              setProducts(await call('catalogue.products', {}));
              await deliver(scan);
            });
          }}
        />
      ) : null}
      {lots.length === 0 ? (
        <p>{t('manager.lots.none')}</p>
      ) : (
        <table data-testid="manager-lots">
          <thead>
            <tr>
              <th scope="col">{t('manager.lots.product')}</th>
              <th scope="col">{t('manager.lots.lot')}</th>
              <th scope="col">{t('manager.lots.expiry')}</th>
              <th scope="col">GTIN</th>
            </tr>
          </thead>
          <tbody>
            {lots.map((lot) => (
              <tr key={lot.lotId}>
                <td>{lot.productName}</td>
                <td>{lot.lot}</td>
                <td>{formatDate(lot.expiry)}</td>
                <td>{lot.gtin}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A box whose GTIN the catalogue does not know: the manager says which product it is. */
function AttachGtin({
  scan,
  products,
  onAttached,
}: {
  scan: VialScan;
  products: readonly Product[];
  onAttached(scan: VialScan): void;
}) {
  const { t, pick } = useI18n();
  const [productCode, setProductCode] = useState(products[0]?.code ?? '');
  const [error, setError] = useState<string | null>(null);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    call('catalogue.attachGtin', { gtin: scan.gtin, productCode }).then(
      () => onAttached(scan),
      (caught: unknown) =>
        setError(caught instanceof PpvError ? pick(caught.text) : t('error.disconnected')),
    );
  }

  return (
    <form onSubmit={onSubmit} className="row-form" aria-labelledby="manager-attach-title">
      <h4 id="manager-attach-title">{t('manager.lots.unknownGtin', { gtin: scan.gtin })}</h4>
      <div className="field">
        <label htmlFor="manager-attach-product">{t('manager.lots.whichProduct')}</label>
        <select
          id="manager-attach-product"
          autoFocus
          value={productCode}
          onChange={(event) => setProductCode(event.target.value)}
        >
          {products.map((product) => (
            <option key={product.code} value={product.code}>
              {product.name} ({product.manufacturer})
            </option>
          ))}
        </select>
      </div>
      <ErrorNote text={error} />
      <button type="submit">{t('manager.lots.attach', { gtin: scan.gtin })}</button>
    </form>
  );
}
