import {
  ActionIcon,
  Anchor,
  Badge,
  Group,
  type MantineColor,
  type MantineTheme,
  rem,
  Text,
  UnstyledButton,
  useMantineTheme,
} from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import { Link } from 'react-router';

// What repeats in every row of a list, as the markup Mantine's Anchor, Group, Badge and ActionIcon render —
// from their published class names and the theme's own colour resolver — without a Mantine component per
// row. Each of those resolves props, theme and styles on every render; twenty rows of them were half of the
// Users page's first render (issue 14: the console reload). RowParts.test.ts renders both and compares.

const LINK_CLASS = `mantine-focus-auto ${Anchor.classes.root} ${Text.classes.root} mantine-Text-root mantine-Anchor-root`;
const LINK_STYLE = { fontWeight: 500 } as const;

/** A row's name linking to its page: `<Anchor component={Link} fw={500}>`. */
export function RowLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className={LINK_CLASS} data-underline="hover" style={LINK_STYLE}>
      {children}
    </Link>
  );
}

const GROUP_STYLE = {
  '--group-gap': rem(4),
  '--group-align': 'center',
  '--group-justify': 'flex-start',
  '--group-wrap': 'wrap',
} as CSSProperties;
const BADGE_CLASS = `${Badge.classes.root} mantine-Badge-root`;
const BADGE_LABEL_CLASS = `${Badge.classes.label} mantine-Badge-label`;
// The console theme's Badge styles (theme.tsx): a badge never shrinks to "E…".
const BADGE_LABEL_STYLE = { overflow: 'visible' } as const;

function colorVars(theme: MantineTheme, color: MantineColor, variant: 'filled' | 'subtle') {
  return theme.variantColorResolver({ color, theme, variant });
}

/** Badges in a wrapping row: `<Group gap={4} wrap="wrap">` of `<Badge color>`. */
export function RowBadges({ badges }: { badges: { color: MantineColor; label: string }[] }) {
  const theme = useMantineTheme();
  return (
    <div className={`${Group.classes.root} mantine-Group-root`} style={GROUP_STYLE}>
      {badges.map((b) => {
        const c = colorVars(theme, b.color, 'filled');
        const style = {
          flexShrink: 0,
          overflow: 'visible',
          '--badge-bg': c.background,
          '--badge-color': c.color,
          '--badge-bd': c.border,
        } as CSSProperties;
        return (
          <div key={b.label} className={BADGE_CLASS} style={style}>
            <span className={BADGE_LABEL_CLASS} style={BADGE_LABEL_STYLE}>
              {b.label}
            </span>
          </div>
        );
      })}
    </div>
  );
}

const MENU_BUTTON_CLASS = `mantine-focus-auto mantine-active ${ActionIcon.classes.root} mantine-ActionIcon-root ${UnstyledButton.classes.root} mantine-UnstyledButton-root`;
const MENU_ICON_CLASS = `${ActionIcon.classes.icon} mantine-ActionIcon-icon`;

/** The closed row menu's button: `<ActionIcon variant="subtle" color="gray">⋯</ActionIcon>`. */
export function RowMenuButton({ label, onClick }: { label: string; onClick: () => void }) {
  const theme = useMantineTheme();
  const c = colorVars(theme, 'gray', 'subtle');
  const style = {
    '--ai-bg': c.background,
    '--ai-hover': c.hover,
    '--ai-color': c.color,
    '--ai-bd': c.border,
  } as CSSProperties;
  return (
    <button
      type="button"
      className={MENU_BUTTON_CLASS}
      data-variant="subtle"
      style={style}
      aria-label={label}
      aria-haspopup="menu"
      aria-expanded={false}
      onClick={onClick}
    >
      <span className={MENU_ICON_CLASS}>⋯</span>
    </button>
  );
}
