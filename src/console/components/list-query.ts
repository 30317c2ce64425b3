import { useState } from 'react';
import type { SortState } from './DataTable.tsx';

/**
 * Search, sort, filters and page of a list the server pages (users, devices). Any change of search, sort
 * or a filter goes back to page 1: page 3 of the old result is no page of the new one.
 */
export function useListQuery<F extends object>(initial: { sort: SortState; filters: F }) {
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<SortState>(initial.sort);
  const [filters, setFilters] = useState<F>(initial.filters);
  return {
    page,
    search,
    sort,
    filters,
    /** The change handler of one filter input. */
    setFilter:
      <K extends keyof F>(key: K) =>
      (value: F[K]) => {
        setFilters((f) => ({ ...f, [key]: value }));
        setPage(1);
      },
    /** `<DataTable>`'s search, sort and paging props for a result of `total` rows. */
    tableProps: (total: number, pageSize: number) => ({
      search: {
        value: search,
        onChange: (v: string) => {
          setSearch(v);
          setPage(1);
        },
      },
      sort,
      onSort: (s: SortState) => {
        setSort(s);
        setPage(1);
      },
      paging: { page, pageSize, total, onChange: setPage },
    }),
  };
}
