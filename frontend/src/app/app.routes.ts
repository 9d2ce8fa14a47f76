import type { Routes } from '@angular/router';
import { adminRequired, passwordToChoose, signedInRequired } from './session/session.guards';

export const routes: Routes = [
  {
    path: 'sign-in',
    title: 'Sign in · TinyStack',
    loadComponent: () => import('./session/sign-in').then((m) => m.SignIn),
  },
  {
    path: 'join-class',
    title: 'Join the class · TinyStack',
    loadComponent: () => import('./session/join-class').then((m) => m.JoinClass),
  },
  {
    path: 'choose-password',
    title: 'Choose your password · TinyStack',
    canActivate: [passwordToChoose],
    loadComponent: () => import('./session/choose-password').then((m) => m.ChoosePassword),
  },
  {
    path: '',
    canActivate: [signedInRequired],
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
      { path: 'images', title: 'Images · TinyStack', loadComponent: () => import('./images/images-page').then((m) => m.ImagesPage) },
      {
        path: 'instances/:nodeId/:name/terminal',
        title: 'Terminal · TinyStack',
        loadComponent: () => import('./terminal/terminal-page').then((m) => m.TerminalPage),
      },
      {
        path: 'events',
        title: 'Events · TinyStack',
        loadComponent: () => import('./events/event-log').then((m) => m.EventLog),
      },
      {
        path: 'mqtt',
        title: 'MQTT · TinyStack',
        loadComponent: () => import('./mqtt/mqtt-page').then((m) => m.MqttPage),
      },
      {
        path: 'class',
        title: 'Class · TinyStack',
        canActivate: [adminRequired],
        loadComponent: () => import('./class/class-page').then((m) => m.ClassPage),
      },
      {
        path: 'account',
        title: 'Your account · TinyStack',
        loadComponent: () => import('./account/account-page').then((m) => m.AccountPage),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
