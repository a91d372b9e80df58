import { render } from 'preact';
import { App } from './App';
import '../../components/styles.css';

document.documentElement.lang = navigator.language.startsWith('fr') ? 'fr' : 'en';
render(<App />, document.getElementById('app')!);
