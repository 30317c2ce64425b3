import { ActionIcon, Anchor, Badge, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { Link, MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { ConsoleTheme } from '../theme.tsx';
import { RowBadges, RowLink, RowMenuButton } from './RowParts.tsx';

/** Markup in the console's theme, each tag's attributes, classes and style declarations in a fixed order. */
function markup(node: ReactNode): string {
  const html = renderToStaticMarkup(
    <ConsoleTheme>
      <MemoryRouter>{node}</MemoryRouter>
    </ConsoleTheme>,
  );
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<(\w+)((?:\s+[\w-]+="[^"]*")*)\s*>/g, (_, tag: string, attrs: string) => {
      const list = [...attrs.matchAll(/([\w-]+)="([^"]*)"/g)].map(([, k, v = '']) => {
        const value =
          k === 'class'
            ? v.split(/\s+/).sort().join(' ')
            : k === 'style'
              ? v.split(';').filter(Boolean).sort().join(';')
              : v;
        return `${k}="${value}"`;
      });
      return `<${tag} ${list.sort().join(' ')}>`;
    });
}

// Mantine's classes or the theme may change with an upgrade: these fail then, rather than the rows looking off.
describe('row parts render what the Mantine components they stand for render', () => {
  it('RowLink is an Anchor on a router Link', () => {
    expect(markup(<RowLink to="/users/1">alice</RowLink>)).toBe(
      markup(
        <Anchor component={Link} to="/users/1" fw={500}>
          alice
        </Anchor>,
      ),
    );
  });

  it('RowBadges are Badges in a wrapping Group, in every colour the lists use', () => {
    const colors = ['green', 'gray', 'violet', 'blue', 'red', 'yellow', 'orange'] as const;
    const badges = colors.map((color) => ({ color, label: `label ${color}` }));
    expect(markup(<RowBadges badges={badges} />)).toBe(
      markup(
        <Group gap={4} wrap="wrap">
          {badges.map((b) => (
            <Badge key={b.label} color={b.color}>
              {b.label}
            </Badge>
          ))}
        </Group>,
      ),
    );
  });

  it('RowMenuButton is a subtle grey ActionIcon', () => {
    const onClick = () => undefined;
    expect(markup(<RowMenuButton label="Actions for alice" onClick={onClick} />)).toBe(
      markup(
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label="Actions for alice"
          aria-haspopup="menu"
          aria-expanded={false}
          onClick={onClick}
        >
          ⋯
        </ActionIcon>,
      ),
    );
  });
});
