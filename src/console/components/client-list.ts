import { useMemo, useState } from 'react';
import type { SortState } from './DataTable.tsx';

/** How a fully loaded list is searched and sorted in the browser. */
export interface ClientListOptions<T> {
  /** The text a search term is looked for in. */
  text: (row: T) => string;
  /** The value each sortable column sorts by. */
  sortValues: Record<string, (row: T) => string | number>;
  initialSort?: SortState;
  pageSize?: number;
}

/**
 * Search, sort and paging for lists the server sends whole (groups, device groups, address books):
 * the state and the visible slice, ready to spread into `<DataTable>`.
 */
export function useClientList<T>(rows: readonly T[] | undefined, options: ClientListOptions<T>) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortState | undefined>(options.initialSort);
  const [page, setPage] = useState(1);
  const pageSize = options.pageSize ?? 50;
  const { text, sortValues } = options;
  const matching = useMemo(() => {
    const term = search.trim().toLocaleLowerCase();
    const found = term ? rows?.filter((r) => text(r).toLocaleLowerCase().includes(term)) : rows;
    const by = sort && sortValues[sort.key];
    if (!found || !by || !sort) return found;
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...found].sort((a, b) => {
      const x = by(a);
      const y = by(b);
      return (
        sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)))
      );
    });
  }, [rows, search, sort, text, sortValues]);
  const visible = matching?.slice((page - 1) * pageSize, page * pageSize);
  return {
    rows: visible,
    search: {
      value: search,
      onChange: (v: string) => {
        setSearch(v);
        setPage(1);
      },
    },
    ...(sort ? { sort } : {}),
    onSort: setSort,
    paging: { page, pageSize, total: matching?.length ?? 0, onChange: setPage },
  };
}
