import { expect, it } from 'vitest';
import { createInMemoryPorts } from '../testing/in-memory-ports.js';
import { aUser } from '../testing/user-fixtures.js';
import { SuggestInterests } from './suggest-interests.js';

it('suggests the tags in use that start with the normalised prefix, most used first', async () => {
  const ports = createInMemoryPorts();
  const tags = [['hiking', 'hip-hop'], ['hiking', 'history'], ['hiking', 'chess'], ['hip-hop']];
  for (const [i, interests] of tags.entries())
    await ports.users.add(aUser({ id: `00000000-0000-7000-8000-00000000000${i}`, interests: interests! }));
  const suggest = new SuggestInterests(ports);
  expect(await suggest.execute({ prefix: '#HI', limit: 10 })).toEqual([
    { name: 'hiking', count: 3 },
    { name: 'hip-hop', count: 2 },
    { name: 'history', count: 1 },
  ]);
  expect(await suggest.execute({ prefix: 'hi', limit: 1 })).toEqual([{ name: 'hiking', count: 3 }]);
});
