import { Alert, Button, Group, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/** The list's create button: a dialog opened in place, or a page of its own. */
export type CreateAction = { label: string; onClick: () => void } | { label: string; to: string };

export interface ListHeaderProps {
  title: string;
  /** `section`: a list under a settings page's tabs (an h3 below the page's h1) instead of the page itself. */
  level?: 'page' | 'section';
  /** Left out (or false) for a person whose role may not create. */
  create?: CreateAction | false | undefined;
  /** One sentence under the title saying what the list is for. */
  intro?: string | undefined;
  /** The list's load error, shown as an alert a screen reader announces. */
  error?: Error | null | undefined;
}

/**
 * The top of every console list: title, create button, intro and load error, so that the lists look and
 * read alike and the create button keeps the same place and accessible name on each (issue 11).
 */
export function ListHeader({ title, level = 'page', create, intro, error }: ListHeaderProps) {
  return (
    <>
      <Group justify="space-between">
        {level === 'page' ? (
          <Title order={1} size="h2">
            {title}
          </Title>
        ) : (
          <Title order={3} size="h4">
            {title}
          </Title>
        )}
        {create &&
          ('to' in create ? (
            <Button component={Link} to={create.to}>
              {create.label}
            </Button>
          ) : (
            <Button onClick={create.onClick}>{create.label}</Button>
          ))}
      </Group>
      {intro && (
        <Text c="dimmed" size="sm">
          {intro}
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
    </>
  );
}
