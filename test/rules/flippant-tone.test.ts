// flippant-tone: jokes, "oops" and laughing emoji about an open problem.
import { resolved, ruleTests, unresolved } from './ruleTester.ts';

ruleTests('flippant-tone', {
  good: [
    unresolved('We sent your order to the wrong address; a new one ships today.'),
    resolved('Oops, that one was on us. It is fixed now!'),
    unresolved('Whoopi Goldberg fans will love the new edition, which ships on Friday.'),
  ],
  bad: [
    { text: unresolved('Oops! Looks like your order went to the wrong address.'), flagged: ['Oops!'] },
    { text: unresolved('Haha, the server fell over again 😅'), flagged: ['Haha', '😅'] },
    { text: unresolved('My bad, I sent the wrong link.'), flagged: ['My bad'] },
    { text: unresolved('lol that is a weird one'), flagged: ['lol'] },
  ],
});
