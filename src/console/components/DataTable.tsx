import {
  ActionIcon,
  Group,
  Menu,
  Pagination,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RowMenuButton } from './RowParts.tsx';

/** One column: its header, how a row shows in it, and whether it sorts. */
export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  sortable?: boolean;
  /** The cell's text never wraps (times, badges, ids). */
  nowrap?: boolean;
}

/** One entry of a row's action menu. */
export interface RowAction {
  label: string;
  onClick: () => void;
  color?: string;
  hidden?: boolean;
}

export type SortDir = 'asc' | 'desc';
export interface SortState {
  key: string;
  dir: SortDir;
}

export interface DataTableProps<T> {
  /** Names the table for screen readers and tests. */
  label: string;
  rows: readonly T[] | undefined;
  rowKey: (row: T) => string | number;
  columns: Column<T>[];
  /** Shown instead of rows when there are none. */
  empty: string;
  loading?: boolean;
  /** `placeholder` says what the search matches (default: "Search"). */
  search?: { value: string; onChange: (value: string) => void; placeholder?: string };
  /** Filter inputs shown beside the search box. */
  filters?: ReactNode;
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  paging?: { page: number; pageSize: number; total: number; onChange: (page: number) => void };
  /** The row's menu ("⋯"); `rowName` names the row in the menu button's label. */
  actions?: (row: T) => RowAction[];
  rowName?: (row: T) => string;
  /** Rows shown greyed out as a whole (a disabled device); a column must still say why in words. */
  inactive?: (row: T) => boolean;
}

// Greyed by the theme's own variables, so it reads in the light and the dark scheme alike: dimmed text
// (4.5:1 or better in the console's theme) on a grey wash darker than a stripe, which stays on hover.
const INACTIVE_STYLE = {
  color: 'var(--mantine-color-dimmed)',
  backgroundColor: 'var(--mantine-color-gray-light-hover)',
} as const;
const inactiveProps = <T,>(props: DataTableProps<T>, row: T) =>
  props.inactive?.(row) ? { 'data-inactive': true, style: INACTIVE_STYLE } : {};

/**
 * The console's one list: search, filters, sortable headers, paging, empty and loading states and
 * a per-row action menu. Below the `sm` breakpoint rows become cards (every column as a labelled
 * line), so nothing is cut off on a phone; on wide screens the table scrolls sideways rather than
 * squeezing badges.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  const { rows, paging } = props;
  return (
    <Stack gap="sm">
      {(props.search || props.filters) && (
        <Group gap="sm" align="end" wrap="wrap">
          {props.search && (
            <TextInput
              aria-label={t('common.search')}
              placeholder={props.search.placeholder ?? t('common.search')}
              value={props.search.value}
              onChange={(e) => props.search?.onChange(e.currentTarget.value)}
              style={{ flex: '1 1 14rem' }}
            />
          )}
          {props.filters}
        </Group>
      )}
      {narrow ? <Cards {...props} /> : <Rows {...props} />}
      {props.loading && !rows && (
        <Stack gap={4} aria-busy="true" aria-label={t('common.loading')}>
          <Skeleton h={28} />
          <Skeleton h={28} />
          <Skeleton h={28} />
        </Stack>
      )}
      {rows?.length === 0 && (
        <Text c="dimmed" ta="center" py="md">
          {props.empty}
        </Text>
      )}
      {paging && paging.total > paging.pageSize && (
        <Pagination
          total={Math.ceil(paging.total / paging.pageSize)}
          value={paging.page}
          onChange={paging.onChange}
          size={narrow ? 'sm' : 'md'}
        />
      )}
    </Stack>
  );
}

function SortHeader<T>({ column, props }: { column: Column<T>; props: DataTableProps<T> }) {
  const { t } = useTranslation();
  if (!column.sortable || !props.onSort) return <>{column.header}</>;
  const active = props.sort?.key === column.key ? props.sort.dir : null;
  const next: SortDir = active === 'asc' ? 'desc' : 'asc';
  return (
    <UnstyledButton
      onClick={() => props.onSort?.({ key: column.key, dir: next })}
      fw={700}
      fz="sm"
      aria-label={t('table.sortBy', { column: column.header })}
      style={{ whiteSpace: 'nowrap', wordBreak: 'keep-all' }}
    >
      {column.header} {active === 'asc' ? '▲' : active === 'desc' ? '▼' : '↕'}
    </UnstyledButton>
  );
}

function RowMenu<T>({ row, props }: { row: T; props: DataTableProps<T> }) {
  const { t } = useTranslation();
  const [used, setUsed] = useState(false);
  const actions = props.actions?.(row).filter((a) => !a.hidden) ?? [];
  if (actions.length === 0) return null;
  const label = t('table.actionsFor', { name: props.rowName?.(row) ?? '' });
  // A Mantine Menu per row costs a floating-ui instance and document listeners on every render of the list
  // (a fifth of the Users page's first render, issue 14): the button becomes a Menu on its first click.
  if (used) return <OpenedRowMenu actions={actions} label={label} />;
  return <RowMenuButton label={label} onClick={() => setUsed(true)} />;
}

/** The row's menu once used: opens as it mounts, with the focus on its button (where the click left it). */
function OpenedRowMenu({ actions, label }: { actions: RowAction[]; label: string }) {
  const [opened, setOpened] = useState(false);
  const target = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    target.current?.focus();
    setOpened(true);
  }, []);
  return (
    <Menu position="bottom-end" withinPortal opened={opened} onChange={setOpened}>
      <Menu.Target>
        <ActionIcon ref={target} variant="subtle" color="gray" aria-label={label}>
          ⋯
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((a) => (
          <Menu.Item key={a.label} onClick={a.onClick} {...(a.color ? { color: a.color } : {})}>
            {a.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

const TR_CLASS = `${Table.classes.tr} mantine-Table-tr`;
const TD_CLASS = `${Table.classes.td} mantine-Table-td`;
const NOWRAP = { whiteSpace: 'nowrap' } as const;

function Rows<T>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={0} type="native">
      <Table striped highlightOnHover aria-label={props.label} aria-busy={props.loading ?? false}>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((c) => (
              <Table.Th
                key={c.key}
                style={{ whiteSpace: 'nowrap', wordBreak: 'keep-all' }}
                aria-sort={
                  props.sort?.key === c.key
                    ? props.sort.dir === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
              >
                <SortHeader column={c} props={props} />
              </Table.Th>
            ))}
            {props.actions && (
              <Table.Th w={48}>
                <Text span size="sm" fw={700} style={{ whiteSpace: 'nowrap' }}>
                  {t('common.actions')}
                </Text>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {/* Plain <tr>/<td> with the classes and data attributes Table.Tr/Td render for this table (striped,
              highlighted on hover, row borders): the same markup without a Mantine component per cell, which
              was half the fibers of a page of users and most of its first render (issue 14). */}
          {props.rows?.map((row) => (
            <tr
              key={props.rowKey(row)}
              className={TR_CLASS}
              data-with-row-border="true"
              data-striped="odd"
              data-hover="true"
              {...inactiveProps(props, row)}
            >
              {props.columns.map((c) => (
                <td key={c.key} className={TD_CLASS} style={c.nowrap ? NOWRAP : undefined}>
                  {c.render(row)}
                </td>
              ))}
              {props.actions && (
                <td className={TD_CLASS}>
                  <RowMenu row={row} props={props} />
                </td>
              )}
            </tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Cards<T>(props: DataTableProps<T>) {
  const sortable = props.columns.filter((c) => c.sortable);
  const [first, ...rest] = props.columns;
  return (
    <Stack gap="xs">
      {props.onSort && sortable.length > 0 && (
        <Group gap="xs" wrap="wrap">
          {sortable.map((c) => (
            <SortHeader key={c.key} column={c} props={props} />
          ))}
        </Group>
      )}
      {/* Only list items inside the list (axe aria-required-children): the sort buttons stay outside it. */}
      <Stack gap="xs" role="list" aria-label={props.label}>
        {props.rows?.map((row) => (
          <Paper key={props.rowKey(row)} withBorder p="sm" role="listitem" {...inactiveProps(props, row)}>
            <Group justify="space-between" wrap="nowrap" align="start">
              <div style={{ minWidth: 0 }}>{first?.render(row)}</div>
              <RowMenu row={row} props={props} />
            </Group>
            <Stack gap={4} mt={4}>
              {rest.map((c) => (
                <Group key={c.key} gap="xs" wrap="wrap" align="baseline">
                  <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {c.header}
                  </Text>
                  <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{c.render(row)}</div>
                </Group>
              ))}
            </Stack>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
