import {
  Badge,
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  darken,
  MantineProvider,
  Modal,
  Select,
  Table,
  Title,
} from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

// Japanese has no spaces between words: keep-all breaks headings and column headers only where a
// phrase allows (never mid-word, issue 11), and `anywhere` still lets an over-long one wrap rather than overflow.
const noMidWordBreak = { wordBreak: 'keep-all', overflowWrap: 'anywhere' } as const;

/**
 * WCAG AA contrast (4.5:1, axe `color-contrast`) for Mantine's light scheme: dimmed text one shade darker,
 * and each color's "light" variant text (badges, active navigation, light buttons) darkened.
 */
const contrastResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    ...Object.fromEntries(
      Object.entries(DEFAULT_THEME.colors).map(([name, shades]) => [
        `--mantine-color-${name}-light-color`,
        darken(shades[9], 0.3),
      ]),
    ),
  },
  dark: {},
});

/** Mantine with the console's defaults: every modal's close button named in the reader's language. */
export function ConsoleTheme({ children }: { children: ReactNode }) {
  // `t` changes with the language, and so does the theme.
  const { t } = useTranslation();
  const theme = useMemo(
    () =>
      createTheme({
        // Filled buttons and badges: shade 8 with white text, or black text where white would not read.
        primaryShade: { light: 8, dark: 8 },
        autoContrast: true,
        // Black text from this luminance up: both black and white then read at 4.5:1 or better.
        luminanceThreshold: 0.18,
        components: {
          // A badge never shrinks to "E…" (issue 11): in a flex row it keeps its width and the row wraps instead.
          Badge: Badge.extend({
            styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } },
          }),
          Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
          // A closed select's options are not kept in the page (Mantine keeps them, hidden): each kept list
          // placed itself with floating-ui and a scroll area on every render, a quarter of the Users page's
          // first render with its four filters (issue 14). Its input names the list only while it is open.
          Select: Select.extend({ defaultProps: { comboboxProps: { keepMounted: false } } }),
          // A plain object, not MultiSelect.extend: importing MultiSelect here would move it into the first bundle.
          MultiSelect: { defaultProps: { comboboxProps: { keepMounted: false } } },
          Table: Table.extend({ styles: { th: noMidWordBreak } }),
          Title: Title.extend({ styles: { root: noMidWordBreak } }),
        },
      }),
    [t],
  );
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={contrastResolver}>
      {children}
    </MantineProvider>
  );
}
