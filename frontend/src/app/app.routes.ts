import type { Routes } from '@angular/router';
import { tokenRequired } from './session/token-required.guard';

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in · TinyStack',
    loadComponent: () => import('./session/sign-in').then((m) => m.SignIn),
  },
  {
    path: '',
    canActivate: [tokenRequired],
    loadComponent: () => import('./layout/signed-in-shell').then((m) => m.SignedInShell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'nodes' },
      {
        path: 'nodes',
        title: 'Nodes · TinyStack',
        loadComponent: () => import('./nodes/node-list').then((m) => m.NodeList),
      },
      {
        path: 'nodes/:id',
        title: 'Node · TinyStack',
        loadComponent: () => import('./nodes/node-detail').then((m) => m.NodeDetail),
      },
      {
        path: 'instances',
        title: 'Instances · TinyStack',
        loadComponent: () => import('./instances/instance-list').then((m) => m.InstanceList),
      },
      {
        path: 'events',
        title: 'Events · TinyStack',
        loadComponent: () => import('./events/event-log').then((m) => m.EventLog),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
