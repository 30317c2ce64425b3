import { createTheme, MantineProvider, Modal, Table, Title } from '@mantine/core';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

// Japanese has no spaces between words: keep-all breaks headings and column headers only where a
// phrase allows (never mid-word, issue 11), and `anywhere` still lets an over-long one wrap rather than overflow.
const noMidWordBreak = { wordBreak: 'keep-all', overflowWrap: 'anywhere' } as const;

/** Mantine with the console's defaults: every modal's close button named in the reader's language. */
export function ConsoleTheme({ children }: { children: ReactNode }) {
  // `t` changes with the language, and so does the theme.
  const { t } = useTranslation();
  const theme = useMemo(
    () =>
      createTheme({
        components: {
          Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('common.close') } } }),
          Table: Table.extend({ styles: { th: noMidWordBreak } }),
          Title: Title.extend({ styles: { root: noMidWordBreak } }),
        },
      }),
    [t],
  );
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}
